package org.planetlab.api.slice;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.USER;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.NullableType;

/**
 * PLC 3's slice summaries, which PLCAPI 4 kept as deprecated calls: GetSlices' fields of the
 * slices the caller may see, with the users and nodes by address and host name instead of ids.
 */
public final class LegacySliceInfoApi {
    private LegacySliceInfoApi() {}

    private static final String VISIBLE = " Users see the slices they are members of, PIs also their sites' slices,"
            + " operators every slice; slices named but not visible are left out. Fails if no slice matches the"
            + " names (or there are no slices).";

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("SliceInfo").roles(ADMIN, PI, USER)
                    .optionalParam("slice_name_list", new NullableType(new ArrayType(SliceApi.ANY_SLICE_NAME, 10_000)),
                            "the slices; nil for all")
                    .optionalParam("return_users", new NullableType(BoolType.INSTANCE),
                            "whether to return the users' addresses (users); nil for yes")
                    .optionalParam("return_nodes", new NullableType(BoolType.INSTANCE),
                            "whether to return the nodes' host names (nodes); nil for yes")
                    .returns(ArrayType.of(AnyType.struct("a slice")), "the slices")
                    .help("Deprecated (PLC 3); GetSlices. Each slice has GetSlices' fields, without node_ids and"
                            + " person_ids, with users (addresses) and nodes (host names)." + VISIBLE)
                    .build(),
            MethodSpec.builder("SliceExtendedInfo").roles(ADMIN, PI, USER)
                    .optionalParam("slice_name_list", new NullableType(new ArrayType(SliceApi.ANY_SLICE_NAME, 10_000)),
                            "the slices; nil for all")
                    .optionalParam("return_users", new NullableType(BoolType.INSTANCE),
                            "whether to return the users (users); nil for yes")
                    .optionalParam("return_nodes", new NullableType(BoolType.INSTANCE),
                            "whether to return the nodes (nodes); nil for yes")
                    .returns(ArrayType.of(AnyType.struct("a slice")), "the slices")
                    .help("Deprecated (PLC 3); GetSlices. Each slice has GetSlices' fields, without node_ids,"
                            + " person_ids and slice_tag_ids, with users [{email, person_id}], nodes [{hostname,"
                            + " node_id}] and attributes [{name, value}]." + VISIBLE)
                    .build());
}
