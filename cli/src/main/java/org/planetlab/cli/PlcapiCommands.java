package org.planetlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.slice.LegacySliceApi;
import org.planetlab.api.tagging.AccessorApi;
import org.planetlab.api.tagging.ObjectTagApi;
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
        CommandGroup legacy = CommandGroup.of("legacy", "PLC 3's slice calls, for scripts written against PLC 3.");
        for (MethodSpec spec : LegacySliceApi.METHODS) {
            legacy.verb(verbOf(spec.name()), spec.name());
        }
        groups.add(legacy);
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

    /** GetSliceVref becomes get-slice-vref. */
    private static String verbOf(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
