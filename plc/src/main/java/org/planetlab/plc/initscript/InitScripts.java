package org.planetlab.plc.initscript;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.initscript.InitScriptApi;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.QueryEngine;

/** How init scripts are stored, and the reads other parts of PLC make of them. */
public final class InitScripts {
    private InitScripts() {}

    public static final ObjectTable TABLE = ObjectTable.builder(InitScriptApi.INIT_SCRIPT, "initscripts",
                    "initscript_id")
            .name("t.name", UnaryOperator.identity())
            .plain(ColumnKind.INTEGER, "initscript_id")
            .plain(ColumnKind.TEXT, "name", "script")
            .plain(ColumnKind.BOOLEAN, "enabled")
            .build();

    /** The enabled scripts, as GetInitScripts returns them, in initscript_id order: what GetSlivers lists. */
    public static List<Map<String, Object>> enabled(Handle handle) {
        return QueryEngine.get(handle, TABLE, Filter.where("enabled", true), null, QueryEngine.Access.EVERYONE);
    }

    /** The texts of {@code scripts} (as {@link #enabled} returns them) by name: what slices naming one run. */
    public static Map<String, String> textsByName(List<Map<String, Object>> scripts) {
        Map<String, String> texts = new LinkedHashMap<>();
        scripts.forEach(script -> texts.put((String) script.get("name"), (String) script.get("script")));
        return texts;
    }

    /** The id of the script with this id or name. */
    static Optional<Long> find(Handle handle, Object idOrName) {
        String column = idOrName instanceof Long ? "initscript_id" : "name";
        return handle.createQuery("SELECT initscript_id FROM initscripts WHERE " + column + " = :key")
                .bind("key", idOrName).mapTo(Long.class).findOne();
    }
}
