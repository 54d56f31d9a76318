package org.planetlab.plc.initscript;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Init scripts, kept by operators (the role table admits only them). Every node's view lists the
 * enabled scripts and its slivers run the one their slice names, so each change concerns every
 * node.
 */
public final class InitScriptService {
    private final MutationPath mutations;

    public InitScriptService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    public long addInitScript(Caller caller, InitScriptFields script) {
        return mutations.run(caller, "AddInitScript", List.of(String.valueOf(script.name())),
                mutation -> addInitScript(mutation, script));
    }

    /** Adds a script; its name must be new. */
    public long addInitScript(Mutation mutation, InitScriptFields script) {
        Map<String, Object> given = script.fields();
        for (String required : List.of("name", "script")) {
            if (!given.containsKey(required)) {
                throw PlanetLabException.invalidArgument("initscript_fields: " + required + " is required");
            }
        }
        requireUnusedName(mutation.db(), script.name(), -1);
        long id = Database.nextId(mutation.db(), "initscripts");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("initscript_id", id);
        row.put("name", given.get("name"));
        row.put("enabled", given.getOrDefault("enabled", true));
        row.put("script", given.get("script"));
        Rows.insert(mutation.db(), "initscripts", row);
        mutation.affected(ObjectType.INIT_SCRIPT, id);
        mutation.changes().affectsEveryNode();
        return id;
    }

    public void updateInitScript(Caller caller, long initScriptId, InitScriptFields changes) {
        mutations.run(caller, "UpdateInitScript", List.of(initScriptId), mutation -> {
            updateInitScript(mutation, initScriptId, changes);
            return null;
        });
    }

    /** Changes the given fields of a script; a new name must not be another script's. */
    public void updateInitScript(Mutation mutation, long initScriptId, InitScriptFields changes) {
        requireScript(mutation.db(), initScriptId);
        if (changes.name() != null) {
            requireUnusedName(mutation.db(), changes.name(), initScriptId);
        }
        if (!changes.fields().isEmpty()) {
            Rows.update(mutation.db(), "initscripts", "initscript_id", initScriptId, changes.fields());
        }
        mutation.affected(ObjectType.INIT_SCRIPT, initScriptId);
        mutation.changes().affectsEveryNode();
    }

    public void deleteInitScript(Caller caller, Object idOrName) {
        mutations.run(caller, "DeleteInitScript", List.of(idOrName), mutation -> {
            deleteInitScript(mutation, idOrName);
            return null;
        });
    }

    /** Deletes a script, by id or name; slices naming it keep the name and run no init script. */
    public void deleteInitScript(Mutation mutation, Object idOrName) {
        long id = requireScript(mutation.db(), idOrName);
        Rows.execute(mutation.db(), "DELETE FROM initscripts WHERE initscript_id = :id", Map.of("id", id));
        mutation.affected(ObjectType.INIT_SCRIPT, id);
        mutation.changes().affectsEveryNode();
    }

    private static long requireScript(Handle handle, Object idOrName) {
        return InitScripts.find(handle, idOrName).orElseThrow(() -> PlanetLabException.notFound(
                (idOrName instanceof Long ? "no init script with initscript_id " : "no init script named ")
                        + idOrName));
    }

    private static void requireUnusedName(Handle handle, String name, long exceptId) {
        InitScripts.find(handle, name).filter(other -> other != exceptId).ifPresent(other -> {
            throw PlanetLabException.alreadyExists("init script name %s is already used by initscript_id %d;"
                    .formatted(name, other) + " choose another name or update that script");
        });
    }
}
