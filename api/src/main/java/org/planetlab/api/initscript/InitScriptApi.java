package org.planetlab.api.initscript;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * Init scripts: named scripts shared by slices. A slice whose {@code initscript} attribute names
 * an enabled one runs it in each sliver at every start, unless the slice has its own
 * {@code initscript_code} (or {@code bootscript}); GetSlivers lists the enabled ones.
 */
public final class InitScriptApi {
    private InitScriptApi() {}

    /** The longest script kept, as for any slice attribute value. */
    public static final int MAX_SCRIPT_LENGTH = 65_536;

    public static final StringType NAME = StringType.nonEmpty(254);

    public static final StructType INIT_SCRIPT = StructType.of("InitScript",
            readOnly("initscript_id", IntType.ID, "Initscript identifier"),
            writable("name", NAME, "Initscript name"),
            writable("enabled", BoolType.INSTANCE, "Initscript is active"),
            writable("script", StringType.max(MAX_SCRIPT_LENGTH), "Initscript"));

    public static final MixedType INIT_SCRIPT_REF = MixedType.of(IntType.ID, NAME);

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddInitScript").roles(ADMIN).mutates()
                    .param("initscript_fields", INIT_SCRIPT.writable().requiring("name", "script"), "the script")
                    .returns(IntType.ID, "the new initscript_id")
                    .help("Adds a new initscript. Any fields specified in initscript_fields are used, otherwise"
                            + " defaults are used (enabled). Names are unique.")
                    .build(),
            MethodSpec.builder("GetInitScripts").roles(ADMIN, PI, USER, TECH, NODE)
                    .optionalParam("initscript_filter", new FilterType(INIT_SCRIPT, "initscript_id", "name"),
                            "initscript_ids and names, or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(INIT_SCRIPT), "the matching init scripts")
                    .help("Returns an array of structs containing details about initscripts. If initscript_filter"
                            + " is specified and is an array of initscript identifiers, or a struct of initscript"
                            + " attributes, only initscripts matching the filter will be returned.")
                    .build(),
            MethodSpec.builder("UpdateInitScript").roles(ADMIN).mutates()
                    .param("initscript_id", IntType.ID, "the script")
                    .param("initscript_fields", INIT_SCRIPT.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Updates an initscript. Only the fields specified in initscript_fields are updated.")
                    .build(),
            MethodSpec.builder("DeleteInitScript").roles(ADMIN).mutates()
                    .param("initscript_id_or_name", INIT_SCRIPT_REF, "the script")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes an existing initscript. Slices naming it run no init script from then on.")
                    .build());
}
