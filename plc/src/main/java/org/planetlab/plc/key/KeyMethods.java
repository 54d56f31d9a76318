package org.planetlab.plc.key;

import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.key.KeyApi;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.Persons;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.store.SqlCondition;

/** SSH keys of persons and the blacklist. */
public final class KeyMethods {
    public static final ObjectTable KEYS = ObjectTable.builder(KeyApi.KEY, "person_keys", "key_id")
            .live("EXISTS (SELECT 1 FROM persons p WHERE p.person_id = t.person_id AND p.deleted = FALSE)")
            .plain(INTEGER, "key_id", "person_id")
            .plain(TEXT, "key_type", "fingerprint")
            .column("key", "t.key_text", TEXT)
            .build();

    public void register(MethodRegistry registry) {
        registry.bind("AddPersonKey", this::addKey)
                .bind("GetKeys", this::getKeys)
                .bind("UpdateKey", this::updateKey)
                .bind("DeleteKey", this::deleteKey)
                .bind("BlacklistKey", this::blacklistKey)
                .bind("GetKeyTypes", call -> List.of("ssh"));
    }

    private Object addKey(Call call) {
        Persons.PersonRecord person = Persons.require(call.db(), call.arg(0));
        requireOwnerOrOperator(call.caller(), person.personId(), "AddPersonKey");
        Map<String, Object> fields = call.structArg(1);
        String text = (String) fields.get("key");
        SshPublicKey key = checked(call, text);
        long keyId = Database.nextId(call.db(), "keys");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key_id", keyId);
        row.put("person_id", person.personId());
        row.put("key_type", fields.get("key_type"));
        row.put("key_text", text);
        row.put("fingerprint", key.fingerprint());
        Rows.insert(call.db(), "person_keys", row);
        call.affected(ObjectType.KEY, keyId);
        call.affected(ObjectType.PERSON, person.personId());
        call.message("key %d (%s) added to person %d".formatted(keyId, key.fingerprint(), person.personId()));
        return keyId;
    }

    private Object getKeys(Call call) {
        Caller caller = call.caller();
        QueryEngine.Access access = caller.isOperator() || caller.isNode() ? QueryEngine.Access.OPERATOR
                : new QueryEngine.Access(false, SqlCondition.of("t.person_id = ?", caller.personId().orElseThrow()));
        return QueryEngine.get(call.db(), KEYS, (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1),
                access);
    }

    private Object updateKey(Call call) {
        long keyId = call.longArg(0);
        long owner = keyOwner(call, keyId, "UpdateKey");
        Map<String, Object> fields = call.structArg(1);
        Map<String, Object> row = new LinkedHashMap<>();
        if (fields.containsKey("key_type")) {
            row.put("key_type", fields.get("key_type"));
        }
        if (fields.containsKey("key")) {
            String text = (String) fields.get("key");
            row.put("key_text", text);
            row.put("fingerprint", checked(call, text).fingerprint());
        }
        Rows.update(call.db(), "person_keys", "key_id", keyId, row);
        call.affected(ObjectType.KEY, keyId);
        call.affected(ObjectType.PERSON, owner);
        return 1L;
    }

    private Object deleteKey(Call call) {
        long keyId = call.longArg(0);
        long owner = keyOwner(call, keyId, "DeleteKey");
        Rows.execute(call.db(), "DELETE FROM person_keys WHERE key_id = :id", Map.of("id", keyId));
        call.affected(ObjectType.KEY, keyId);
        call.affected(ObjectType.PERSON, owner);
        call.message("key %d of person %d deleted".formatted(keyId, owner));
        return 1L;
    }

    private Object blacklistKey(Call call) {
        long keyId = call.longArg(0);
        Map<String, Object> key = call.db().createQuery("SELECT key_type, key_text, fingerprint FROM person_keys"
                        + " WHERE key_id = :id").bind("id", keyId).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no key with key_id " + keyId));
        String fingerprint = (String) key.get("fingerprint");
        call.db().createQuery("SELECT key_id, person_id FROM person_keys WHERE fingerprint = :fingerprint")
                .bind("fingerprint", fingerprint).mapToMap().forEach(copy -> {
                    call.affected(ObjectType.KEY, ((Number) copy.get("key_id")).longValue());
                    call.affected(ObjectType.PERSON, ((Number) copy.get("person_id")).longValue());
                });
        Rows.execute(call.db(), "DELETE FROM person_keys WHERE fingerprint = :fingerprint", Map.of("fingerprint", fingerprint));
        if (blacklisted(call, fingerprint).isEmpty()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("fingerprint", fingerprint);
            row.put("key_type", key.get("key_type"));
            row.put("key_text", key.get("key_text"));
            row.put("blacklisted_at", call.now());
            row.put("blacklisted_by", call.caller().personId().orElse(null));
            Rows.insert(call.db(), "key_blacklist", row);
        }
        call.message("key %s blacklisted".formatted(fingerprint));
        return 1L;
    }

    private static SshPublicKey checked(Call call, String text) {
        SshPublicKey key = SshPublicKey.parse(text);
        if (blacklisted(call, key.fingerprint()).isPresent()) {
            throw PlanetLabException.invalidArgument(
                    "key_fields.key: this key (" + key.fingerprint() + ") is blacklisted and cannot be used");
        }
        return key;
    }

    private static Optional<String> blacklisted(Call call, String fingerprint) {
        return call.db().createQuery("SELECT fingerprint FROM key_blacklist WHERE fingerprint = :fingerprint")
                .bind("fingerprint", fingerprint).mapTo(String.class).findOne();
    }

    private static long keyOwner(Call call, long keyId, String action) {
        long owner = call.db().createQuery("SELECT k.person_id FROM person_keys k JOIN persons p ON p.person_id ="
                        + " k.person_id AND p.deleted = FALSE WHERE k.key_id = :id")
                .bind("id", keyId).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no key with key_id " + keyId));
        requireOwnerOrOperator(call.caller(), owner, action);
        return owner;
    }

    private static void requireOwnerOrOperator(Caller caller, long personId, String action) {
        if (!caller.isOperator() && caller.personId().orElse(-1L) != personId) {
            throw PlanetLabException.permissionDenied(
                    action + ": persons may manage only their own keys; ask an operator for someone else's");
        }
    }
}
