package org.planetlab.api.vocabulary;

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
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * The lists of the original PLCAPI's one-column type tables that have a meaning here (node
 * types, interface configuration methods and address families, slice instantiations), the
 * release this PLC is, and the boot-time credentials check. Adding and deleting values is in
 * {@code TypeValueApi}.
 */
public final class VocabularyApi {
    private VocabularyApi() {}

    public static final StructType RELEASE = StructType.of("PlcRelease",
            readOnly("build", AnyType.struct("a struct of strings"), "the build: name and version"),
            readOnly("tags", AnyType.struct("a struct of strings"), "where the code came from"),
            readOnly("rpms", AnyType.struct("a struct of strings"), "packages installed (none: PLC is one program)"));

    private static MethodSpec list(String name, String what) {
        return MethodSpec.builder(name).roles(ADMIN, PI, USER, TECH, NODE)
                .returns(ArrayType.of(StringType.max(32)), "the " + what)
                .help("Returns the " + what + ": first those PLC acts on, which cannot be deleted, then any an"
                        + " operator added.")
                .build();
    }

    public static final List<MethodSpec> METHODS = List.of(
            list("GetNodeTypes", "node types"),
            list("GetNetworkMethods", "ways an interface's address is configured (an interface's method field)"),
            list("GetNetworkTypes", "address families of interfaces (an interface's type field)"),
            list("GetSliceInstantiations", "ways a slice's slivers are created (a slice's instantiation field)"),
            MethodSpec.builder("GetPlcRelease").roles(ADMIN, PI, USER, TECH, NODE, ANONYMOUS)
                    .returns(RELEASE, "{build: {name, version}, tags: {}, rpms: {}}")
                    .help("Returns which release of PLC answers.")
                    .build(),
            MethodSpec.builder("BootCheckAuthentication").roles(ADMIN, PI, USER, TECH, NODE)
                    .returns(Arguments.ONE, "1 if the credentials are good")
                    .help("Checks credentials, as the original boot manager did before booting: returns 1, or fails"
                            + " with an authentication fault. The same as AuthCheck.")
                    .build());
}
