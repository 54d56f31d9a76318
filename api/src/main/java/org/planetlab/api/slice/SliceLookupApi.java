package org.planetlab.api.slice;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.ANONYMOUS;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/** PLCAPI's reads about slices for other programs: their users' and slivers' keys, their image family, names by id. */
public final class SliceLookupApi {
    private SliceLookupApi() {}

    public static final StructType SLICE_KEY = StructType.of("SliceKey",
            readOnly("slice_id", IntType.ID, "the slice"),
            readOnly("name", SliceApi.SLICE_NAME, "its name"),
            readOnly("person_id", IntType.ID, "a user of the slice"),
            readOnly("email", PersonApi.EMAIL, "the user's address"),
            readOnly("key", StringType.max(16_384), "one of the user's public keys"));

    public static final StructType RESOLVED_SLICE = StructType.of("ResolvedSlice",
            readOnly("slice_id", IntType.ID, "the slice"),
            readOnly("name", SliceApi.SLICE_NAME, "its name"),
            readOnly("expires", IntType.TIMESTAMP, "when it expires or expired"));

    /** The family a slice's image is of when its tags say nothing: PLC's distribution on Debian, 64-bit. */
    public static final String DEFAULT_PLDISTRO = "planetlab";
    public static final String DEFAULT_FCDISTRO = "debian";
    public static final String DEFAULT_ARCH = "x86_64";

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("GetSliceKeys").roles(ADMIN, PI, USER, NODE)
                    .optionalParam("slice_filter", new FilterType(SliceApi.SLICE, "slice_id", "name"),
                            "slice_ids, names or a struct of conditions on slices; nil for all the caller may see")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(SLICE_KEY), "one entry per key of each user of each slice")
                    .help("Returns the public keys of the users of slices. Users see the slices they belong to, PIs"
                            + " also their sites' slices, operators and nodes every slice; other slices are left out.")
                    .build(),
            MethodSpec.builder("GetSliceFamily").roles(ADMIN, USER, NODE)
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .returns(StringType.max(200), "pldistro-fcdistro-arch, e.g. planetlab-debian-x86_64")
                    .help("Returns the family of the image the slice's slivers are based on: its vref or pldistro"
                            + " tag, its fcdistro tag and its arch tag, each defaulting to planetlab, debian and"
                            + " x86_64.")
                    .build(),
            MethodSpec.builder("ResolveSlices").roles(ADMIN, PI, USER, TECH, ANONYMOUS)
                    .optionalParam("slice_filter", new FilterType(RESOLVED_SLICE, "slice_id", "name"),
                            "slice_ids, names or a struct of conditions; nil for all")
                    .returns(ArrayType.of(RESOLVED_SLICE), "the matching slices, deleted and expired ones too")
                    .help("Resolves slice ids to names and back, for programs that met a slice id (flow"
                            + " archives, monitors): like GetSlices with only slice_id, name and expires, but over"
                            + " deleted and expired slices too. Open to anonymous callers.")
                    .build(),
            MethodSpec.builder("RetrieveSlicePersonKeys").roles(ADMIN, PI, USER, TECH, ANONYMOUS)
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .optionalParam("person_filter", new FilterType(PersonApi.PERSON, "person_id", "email"),
                            "which of the slice's users; nil for all")
                    .returns(AnyType.struct("a struct of arrays of strings"),
                            "{email: [public key, ...]} for the slice's users")
                    .help("Returns the public keys of a slice's users by address, for programs that authenticate"
                            + " them (experiment controllers). Public keys are public: open to anonymous callers.")
                    .build(),
            MethodSpec.builder("RetrieveSliceSliverKeys").roles(ADMIN, PI, USER, TECH, ANONYMOUS)
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .optionalParam("node_filter", new FilterType(NodeApi.NODE, "node_id", "hostname"),
                            "which nodes; nil for all")
                    .returns(AnyType.struct("a struct of strings"), "{hostname: public key} of the slice's slivers")
                    .help("Returns the public keys of a slice's slivers (the slice's per-node ssh_key attributes) by"
                            + " host name, for programs that authenticate slivers. Open to anonymous callers.")
                    .build());
}
