package org.planetlab.api.typetable;

import static org.planetlab.api.method.Role.ADMIN;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.tag.TagTypeApi;

/**
 * The operator's calls that add and delete values of the original PLCAPI's one-column type
 * tables (key types, boot states, node types, network methods and types, slice instantiations)
 * and roles, and that change which roles may set a tag type. The values PLC acts on are seeded
 * and cannot be deleted; the help of each call says what an added value can be used for.
 */
public final class TypeValueApi {
    private TypeValueApi() {}

    private static MethodSpec add(String name, String param, int maxLength, String what, String use) {
        return MethodSpec.builder(name).roles(ADMIN).mutates()
                .param(param, StringType.nonEmpty(maxLength), "the new " + what)
                .returns(Arguments.ONE, Arguments.ONE_DOC)
                .help("Adds a " + what + "; it must not exist yet. " + use)
                .build();
    }

    private static MethodSpec delete(String name, String param, int maxLength, String what) {
        return MethodSpec.builder(name).roles(ADMIN).mutates()
                .param(param, StringType.nonEmpty(maxLength), "the " + what)
                .returns(Arguments.ONE, Arguments.ONE_DOC)
                .help("Deletes a " + what + " an operator added. The ones PLC acts on cannot be deleted, nor one"
                        + " still in use; the fault names which.")
                .build();
    }

    public static final List<MethodSpec> METHODS = List.of(
            add("AddKeyType", "key_type", 20, "key type", "It is listed by GetKeyTypes, but nodes install only"
                    + " OpenSSH keys, so AddPersonKey accepts only ssh keys."),
            delete("DeleteKeyType", "key_type", 20, "key type"),
            add("AddBootState", "boot_state", 20, "boot state", "It is listed by GetBootStates, but the boot"
                    + " manager acts only on boot, safeboot, reinstall and disabled, so UpdateNode accepts only those."),
            delete("DeleteBootState", "boot_state", 20, "boot state"),
            add("AddNodeType", "node_type", 20, "node type", "It is listed by GetNodeTypes and can be given to"
                    + " nodes (AddNode, UpdateNode); nodes of an added type boot and run slices as regular ones do"
                    + " (only reservable nodes run by leases)."),
            delete("DeleteNodeType", "node_type", 20, "node type"),
            add("AddNetworkMethod", "network_method", 20, "network method", "It is listed by GetNetworkMethods,"
                    + " but nodes configure interfaces only static or dhcp, so AddInterface accepts only those."),
            delete("DeleteNetworkMethod", "network_method", 20, "network method"),
            add("AddNetworkType", "network_type", 20, "network type", "It is listed by GetNetworkTypes, but nodes"
                    + " configure only ipv4 and ipv6 addresses, so AddInterface accepts only those."),
            delete("DeleteNetworkType", "network_type", 20, "network type"),
            add("AddSliceInstantiation", "instantiation", 100, "slice instantiation", "It is listed by"
                    + " GetSliceInstantiations, but the node agent creates slivers only as plc-instantiated,"
                    + " delegated, not-instantiated or nm-controller, so AddSlice accepts only those."),
            delete("DeleteSliceInstantiation", "instantiation", 100, "slice instantiation"),
            MethodSpec.builder("AddRole").roles(ADMIN).mutates()
                    .param("role_id", IntType.ID, "the new role's identifier")
                    .param("name", StringType.nonEmpty(100), "the new role's name")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Adds a role; its id and name must be new. It is listed by GetRoles, but PLC's"
                            + " authorization acts only on admin, pi, user, tech and node: an added role cannot be"
                            + " granted (AddRoleToPerson) nor let anyone set a tag (AddRoleToTagType).")
                    .build(),
            MethodSpec.builder("DeleteRole").roles(ADMIN).mutates()
                    .param("role_id_or_name", PersonApi.ROLE_REF, "the role")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a role an operator added; admin, pi, user, tech and node cannot be deleted.")
                    .build(),
            MethodSpec.builder("AddRoleToTagType").roles(ADMIN).mutates()
                    .param("role_id_or_name", PersonApi.ROLE_REF, "the role")
                    .param("tag_type_id_or_tagname", TagTypeApi.TAG_TYPE_REF, "the tag type")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Lets a role set values of a tag type. A tag type admits every role up to its"
                            + " min_role_id (role_ids), so this raises min_role_id to the role's id, admitting the"
                            + " roles between as well; a role already admitted changes nothing. Only admin, pi,"
                            + " user, tech and node can be admitted.")
                    .build(),
            MethodSpec.builder("DeleteRoleFromTagType").roles(ADMIN).mutates()
                    .param("role_id_or_name", PersonApi.ROLE_REF, "the role")
                    .param("tag_type_id_or_tagname", TagTypeApi.TAG_TYPE_REF, "the tag type")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Stops a role setting values of a tag type: lowers min_role_id below the role's id, so"
                            + " every less privileged role leaves role_ids as well; a role not admitted changes"
                            + " nothing. admin always remains.")
                    .build());
}
