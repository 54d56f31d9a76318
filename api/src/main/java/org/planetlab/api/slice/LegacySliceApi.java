package org.planetlab.api.slice;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.USER;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;

/**
 * PLC 3's slice calls, which PLCAPI 4 kept as deprecated wrappers: each does the work of the
 * PLCAPI method its help names, with that method's rules, for scripts written against PLC 3.
 */
public final class LegacySliceApi {
    private LegacySliceApi() {}

    private static final String DEPRECATED = "Deprecated (PLC 3); ";

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("SliceCreate").roles(ADMIN, PI).mutates()
                    .param("name", SliceApi.ANY_SLICE_NAME, "the new slice's name")
                    .optionalParam("slice_fields", SliceApi.SLICE.writable().only("instantiation", "url",
                            "description", "max_nodes"), "the other fields")
                    .returns(IntType.ID, "the new slice_id")
                    .help(DEPRECATED + "AddSlice with the name given apart.")
                    .build(),
            MethodSpec.builder("SliceDelete").roles(ADMIN, PI).mutates()
                    .param("name", SliceApi.ANY_SLICE_NAME, "the slice")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help(DEPRECATED + "DeleteSlice.")
                    .build(),
            MethodSpec.builder("SliceUpdate").roles(ADMIN, PI, USER).mutates()
                    .param("name", SliceApi.ANY_SLICE_NAME, "the slice")
                    .param("url", SliceApi.SLICE.field("url").type(), "the new URL")
                    .param("description", SliceApi.SLICE.field("description").type(), "the new description")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help(DEPRECATED + "UpdateSlice with url and description.")
                    .build(),
            MethodSpec.builder("SliceRenew").roles(ADMIN, PI, USER).mutates()
                    .param("name", SliceApi.ANY_SLICE_NAME, "the slice")
                    .param("expires", IntType.TIMESTAMP, "the new expiry time")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help(DEPRECATED + "UpdateSlice with expires.")
                    .build(),
            MethodSpec.builder("SliceNodesAdd").roles(ADMIN, PI, USER).mutates()
                    .param("name", SliceApi.ANY_SLICE_NAME, "the slice")
                    .param("hostnames", new ArrayType(NodeApi.NODE_REF, 10_000), "the nodes")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help(DEPRECATED + "AddSliceToNodes.")
                    .build(),
            MethodSpec.builder("SliceNodesDel").roles(ADMIN, PI, USER).mutates()
                    .param("name", SliceApi.ANY_SLICE_NAME, "the slice")
                    .param("hostnames", new ArrayType(NodeApi.NODE_REF, 10_000), "the nodes")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help(DEPRECATED + "DeleteSliceFromNodes.")
                    .build(),
            MethodSpec.builder("SliceNodesList").roles(ADMIN, PI, USER)
                    .param("name", SliceApi.ANY_SLICE_NAME, "the slice")
                    .returns(ArrayType.of(NodeApi.HOSTNAME), "the host names of the slice's nodes")
                    .help(DEPRECATED + "GetSlices' node_ids, as host names; [] for no such slice.")
                    .build(),
            MethodSpec.builder("SliceUserAdd").roles(ADMIN, PI).mutates()
                    .param("name", SliceApi.ANY_SLICE_NAME, "the slice")
                    .param("emails", new ArrayType(PersonApi.PERSON_REF, 10_000), "the persons")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help(DEPRECATED + "AddPersonToSlice for each person.")
                    .build(),
            MethodSpec.builder("SliceUserDel").roles(ADMIN, PI).mutates()
                    .param("name", SliceApi.ANY_SLICE_NAME, "the slice")
                    .param("emails", new ArrayType(PersonApi.PERSON_REF, 10_000), "the persons")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help(DEPRECATED + "DeletePersonFromSlice for each person.")
                    .build(),
            MethodSpec.builder("SliceUsersList").roles(ADMIN, PI, USER)
                    .param("name", SliceApi.ANY_SLICE_NAME, "the slice")
                    .returns(ArrayType.of(PersonApi.EMAIL), "the addresses of the slice's users")
                    .help(DEPRECATED + "GetSlices' person_ids, as addresses; [] for no such slice.")
                    .build(),
            MethodSpec.builder("SliceListNames").roles(ADMIN, PI, USER)
                    .optionalParam("prefix", new NullableType(StringType.max(64)), "only names starting so")
                    .returns(ArrayType.of(SliceApi.SLICE_NAME), "the names of live slices")
                    .help(DEPRECATED + "GetSlices' names.")
                    .build(),
            MethodSpec.builder("SliceListUserSlices").roles(ADMIN, PI, USER)
                    .param("email", PersonApi.EMAIL, "the person")
                    .returns(ArrayType.of(SliceApi.SLICE_NAME), "the names of the person's live slices")
                    .help(DEPRECATED + "GetPersons' slice_ids, as names.")
                    .build(),
            MethodSpec.builder("SliceGetTicket").roles(ADMIN, PI, USER).mutates()
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .returns(StringType.max(1 << 20), "the signed ticket")
                    .help(DEPRECATED + "GetSliceTicket.")
                    .build(),
            MethodSpec.builder("SliceTicketGet").roles(ADMIN, PI, USER).mutates()
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .returns(StringType.max(1 << 20), "the signed ticket")
                    .help(DEPRECATED + "GetSliceTicket.")
                    .build());
}
