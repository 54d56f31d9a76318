package org.planetlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.initscript.InitScriptApi;
import org.planetlab.api.message.MessageApi;
import org.planetlab.api.node.IlinkApi;
import org.planetlab.api.person.VerificationApi;
import org.planetlab.api.session.SessionListApi;
import org.planetlab.api.slice.LegacySliceApi;
import org.planetlab.api.slice.LegacySliceAttributeApi;
import org.planetlab.api.slice.LegacySliceInfoApi;
import org.planetlab.api.slice.WhitelistApi;
import org.planetlab.api.tagging.AccessorApi;
import org.planetlab.api.tagging.ObjectTagApi;
import org.planetlab.api.typetable.AddressTypeApi;
import org.planetlab.api.typetable.PcuTypeApi;
import org.planetlab.api.typetable.TypeValueApi;
import org.planetlab.cli.command.CommandFactory;
import org.planetlab.cli.command.CommandGroup;

/**
 * The commands of the methods PLC offers for scripts written against the original PLCAPI: tags
 * on persons, sites and interfaces, the accessors, PLC 3's slice calls and the smaller methods.
 * Each verb is the method's name in lower case with dashes ({@code GetSliceVref} is
 * {@code pl accessor get-slice-vref}).
 */
final class PlcapiCommands {
    private PlcapiCommands() {}

    static List<CommandFactory> groups() {
        List<CommandFactory> groups = new ArrayList<>();
        for (ObjectTagApi.Kind kind : ObjectTagApi.Kind.values()) {
            String object = kind.wireName().toLowerCase(Locale.ROOT);
            groups.add(CommandGroup.of(object + "-tag", kind.wireName() + " tags: name/value pairs on "
                            + object + "s.", kind.tagIdField(), kind.idField(), kind.nameField(), "tagname", "value")
                    .verb("add", "Add" + kind.wireName() + "Tag")
                    .listAndShow("Get" + kind.wireName() + "Tags")
                    .verb("update", "Update" + kind.wireName() + "Tag")
                    .verb("delete", "Delete" + kind.wireName() + "Tag"));
        }
        CommandGroup accessors = CommandGroup.of("accessor",
                "PLCAPI's accessors: read or set one tag of a slice, node, person, site or interface.");
        for (AccessorApi.Accessor accessor : AccessorApi.ACCESSORS) {
            accessors.verb(verbOf(accessor.getter()), accessor.getter()).verb(verbOf(accessor.setter()),
                    accessor.setter());
        }
        groups.add(accessors);
        groups.add(group("legacy", "PLC 3's slice calls and PLCAPI 4.2's slice attributes, for scripts written"
                + " against them.", LegacySliceApi.METHODS, LegacySliceInfoApi.METHODS, LegacySliceAttributeApi.METHODS));
        groups.add(group("type", "PLCAPI's type tables: roles, key, node, network, address and PCU types, boot states,"
                + " slice instantiations.", TypeValueApi.METHODS, AddressTypeApi.METHODS, PcuTypeApi.METHODS));
        groups.add(group("initscript", "Init scripts a slice's initscript attribute names.", InitScriptApi.METHODS));
        groups.add(group("whitelist", "Nodes that accept only the slices on their whitelist.", WhitelistApi.METHODS));
        groups.add(group("ilink", "Links between interfaces of different nodes.", IlinkApi.METHODS));
        groups.add(group("message", "Message templates.", MessageApi.METHODS));
        groups.add(group("account", "Verifying a person's address and resetting a password by mailed key; open"
                + " sessions.", VerificationApi.METHODS, SessionListApi.METHODS));
        groups.add(CommandGroup.of("plcapi", "The original PLCAPI's smaller methods.")
                .verb("release", "GetPlcRelease")
                .verb("boot-check", "BootCheckAuthentication")
                .verb("node-types", "GetNodeTypes")
                .verb("network-methods", "GetNetworkMethods")
                .verb("network-types", "GetNetworkTypes")
                .verb("slice-instantiations", "GetSliceInstantiations")
                .verb("primary-site", "SetPersonPrimarySite")
                .verb("slice-keys", "GetSliceKeys")
                .verb("slice-family", "GetSliceFamily")
                .verb("node-flavour", "GetNodeFlavour")
                .verb("resolve-slices", "ResolveSlices")
                .verb("slice-person-keys", "RetrieveSlicePersonKeys")
                .verb("slice-sliver-keys", "RetrieveSliceSliverKeys")
                .verb("add-session", "AddSession")
                .verb("event-objects", "GetEventObjects")
                .verb("notify", "NotifyPersons")
                .verb("notify-support", "NotifySupport"));
        return groups;
    }

    /** A group with a verb for each method of the lists, named after the method. */
    @SafeVarargs
    private static CommandGroup group(String name, String description, List<MethodSpec>... methods) {
        CommandGroup group = CommandGroup.of(name, description);
        for (List<MethodSpec> list : methods) {
            for (MethodSpec spec : list) {
                group.verb(verbOf(spec.name()), spec.name());
            }
        }
        return group;
    }

    /** GetSliceVref becomes get-slice-vref. */
    private static String verbOf(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
