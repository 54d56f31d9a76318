package org.planetlab.plc.key;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.SqlCondition;
import org.planetlab.plc.typetable.TypeValueTable;
import org.planetlab.plc.typetable.TypeValues;

/**
 * The key methods: wire values in, a {@link KeyService} call, wire values out. GetKeys shows
 * persons their own keys, operators and nodes every key.
 */
public final class KeyMethods {
    private final KeyService keys;

    public KeyMethods(KeyService keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddPersonKey", call -> keys.addKey(call.mutation(), person(call.arg(0)),
                        newKey(call.structArg(1))))
                .bind("GetKeys", KeyMethods::getKeys)
                .bind("UpdateKey", call -> done(() -> keys.updateKey(call.mutation(), call.longArg(0),
                        update(call.structArg(1)))))
                .bind("DeleteKey", call -> done(() -> keys.deleteKey(call.mutation(), call.longArg(0))))
                .bind("BlacklistKey", call -> done(() -> keys.blacklistKey(call.mutation(), call.longArg(0))))
                .bind("GetKeyTypes", call -> TypeValues.list(call.db(), TypeValueTable.KEY_TYPES));
    }

    private static Object done(Runnable action) {
        action.run();
        return 1L;
    }

    private static PersonRef person(Object wire) {
        return wire instanceof Long id ? PersonRef.of(id) : PersonRef.of((String) wire);
    }

    private static NewKey newKey(Map<String, Object> fields) {
        return new NewKey((String) fields.get("key_type"), (String) fields.get("key"));
    }

    private static KeyUpdate update(Map<String, Object> fields) {
        return new KeyUpdate(Optional.ofNullable((String) fields.get("key_type")),
                Optional.ofNullable((String) fields.get("key")));
    }

    private static Object getKeys(Call call) {
        Caller caller = call.caller();
        QueryEngine.Access access = caller.isOperator() || caller.isNode() ? QueryEngine.Access.OPERATOR
                : new QueryEngine.Access(false, SqlCondition.of("t.person_id = ?", caller.personId().orElseThrow()));
        return QueryEngine.get(call.db(), KeyTables.KEYS, (Filter) call.optionalArg(0).orElse(Filter.ALL),
                call.returnFields(1), access);
    }
}
