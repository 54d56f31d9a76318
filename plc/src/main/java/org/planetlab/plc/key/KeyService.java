package org.planetlab.plc.key;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.foreign.ForeignObjects;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Persons;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Persons' SSH keys and the blacklist: keys are parsed and checked before they are stored, a
 * blacklisted key is never stored again, and persons manage only their own keys (operators
 * anyone's). Each operation also runs as a change of its own on the {@link MutationPath}, for
 * PLC's own callers.
 */
public final class KeyService {
    private final MutationPath mutations;

    public KeyService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    public long addKey(Caller caller, PersonRef person, NewKey key) {
        return mutations.run(caller, "AddPersonKey", List.of(person.key(), key.keyType()),
                mutation -> addKey(mutation, person, key));
    }

    public long addKey(Mutation mutation, PersonRef ref, NewKey key) {
        Persons.PersonRecord person = Persons.require(mutation.db(), ref.key());
        requireOwnerOrOperator(mutation.caller(), person.personId(), "AddPersonKey");
        ForeignObjects.requireLocal(mutation.db(), ObjectType.PERSON, person.personId(), "AddPersonKey");
        SshPublicKey parsed = checked(mutation.db(), key.key());
        long keyId = Database.nextId(mutation.db(), "keys");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key_id", keyId);
        row.put("person_id", person.personId());
        row.put("key_type", key.keyType());
        row.put("key_text", key.key());
        row.put("fingerprint", parsed.fingerprint());
        Rows.insert(mutation.db(), "person_keys", row);
        mutation.affected(ObjectType.KEY, keyId);
        mutation.affected(ObjectType.PERSON, person.personId());
        mutation.message("key %d (%s) added to person %d".formatted(keyId, parsed.fingerprint(), person.personId()));
        return keyId;
    }

    public void updateKey(Caller caller, long keyId, KeyUpdate update) {
        mutations.run(caller, "UpdateKey", List.of(keyId), mutation -> {
            updateKey(mutation, keyId, update);
            return null;
        });
    }

    public void updateKey(Mutation mutation, long keyId, KeyUpdate update) {
        long owner = keyOwner(mutation, keyId, "UpdateKey");
        ForeignObjects.requireLocal(mutation.db(), ObjectType.KEY, keyId, "UpdateKey");
        Map<String, Object> row = new LinkedHashMap<>();
        update.keyType().ifPresent(keyType -> row.put("key_type", keyType));
        update.key().ifPresent(text -> {
            row.put("key_text", text);
            row.put("fingerprint", checked(mutation.db(), text).fingerprint());
        });
        Rows.update(mutation.db(), "person_keys", "key_id", keyId, row);
        mutation.affected(ObjectType.KEY, keyId);
        mutation.affected(ObjectType.PERSON, owner);
    }

    public void deleteKey(Caller caller, long keyId) {
        mutations.run(caller, "DeleteKey", List.of(keyId), mutation -> {
            deleteKey(mutation, keyId);
            return null;
        });
    }

    public void deleteKey(Mutation mutation, long keyId) {
        long owner = keyOwner(mutation, keyId, "DeleteKey");
        ForeignObjects.requireLocal(mutation.db(), ObjectType.KEY, keyId, "DeleteKey");
        Rows.execute(mutation.db(), "DELETE FROM person_keys WHERE key_id = :id", Map.of("id", keyId));
        mutation.affected(ObjectType.KEY, keyId);
        mutation.affected(ObjectType.PERSON, owner);
        mutation.message("key %d of person %d deleted".formatted(keyId, owner));
    }

    public void blacklistKey(Caller caller, long keyId) {
        mutations.run(caller, "BlacklistKey", List.of(keyId), mutation -> {
            blacklistKey(mutation, keyId);
            return null;
        });
    }

    /**
     * Removes every copy of a key from every account and refuses it from then on. Only operators
     * may call BlacklistKey; the method's roles say so.
     */
    public void blacklistKey(Mutation mutation, long keyId) {
        Map<String, Object> key = mutation.db().createQuery("SELECT key_type, key_text, fingerprint FROM person_keys"
                        + " WHERE key_id = :id").bind("id", keyId).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no key with key_id " + keyId));
        String fingerprint = (String) key.get("fingerprint");
        mutation.db().createQuery("SELECT key_id, person_id FROM person_keys WHERE fingerprint = :fingerprint")
                .bind("fingerprint", fingerprint).mapToMap().forEach(copy -> {
                    mutation.affected(ObjectType.KEY, ((Number) copy.get("key_id")).longValue());
                    mutation.affected(ObjectType.PERSON, ((Number) copy.get("person_id")).longValue());
                });
        Rows.execute(mutation.db(), "DELETE FROM person_keys WHERE fingerprint = :fingerprint",
                Map.of("fingerprint", fingerprint));
        if (blacklisted(mutation.db(), fingerprint).isEmpty()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("fingerprint", fingerprint);
            row.put("key_type", key.get("key_type"));
            row.put("key_text", key.get("key_text"));
            row.put("blacklisted_at", mutation.now());
            row.put("blacklisted_by", mutation.caller().personId().orElse(null));
            Rows.insert(mutation.db(), "key_blacklist", row);
        }
        mutation.message("key %s blacklisted".formatted(fingerprint));
    }

    private static SshPublicKey checked(Handle handle, String text) {
        SshPublicKey key = SshPublicKey.parse(text);
        if (blacklisted(handle, key.fingerprint()).isPresent()) {
            throw PlanetLabException.invalidArgument(
                    "key_fields.key: this key (" + key.fingerprint() + ") is blacklisted and cannot be used");
        }
        return key;
    }

    private static Optional<String> blacklisted(Handle handle, String fingerprint) {
        return handle.createQuery("SELECT fingerprint FROM key_blacklist WHERE fingerprint = :fingerprint")
                .bind("fingerprint", fingerprint).mapTo(String.class).findOne();
    }

    private static long keyOwner(Mutation mutation, long keyId, String action) {
        long owner = mutation.db().createQuery("SELECT k.person_id FROM person_keys k JOIN persons p ON p.person_id ="
                        + " k.person_id AND p.deleted = FALSE WHERE k.key_id = :id")
                .bind("id", keyId).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no key with key_id " + keyId));
        requireOwnerOrOperator(mutation.caller(), owner, action);
        return owner;
    }

    /**
     * The keys of a person, read in {@code handle}'s transaction: as with GetKeys, persons see
     * their own keys and operators everyone's.
     */
    public List<KeyDetails> keys(Handle handle, Caller caller, PersonRef ref) {
        Persons.PersonRecord person = Persons.require(handle, ref.key());
        requireOwnerOrOperator(caller, person.personId(), "GetKeys");
        return handle.createQuery("SELECT key_id, key_type, key_text, fingerprint FROM person_keys"
                        + " WHERE person_id = :person ORDER BY key_id")
                .bind("person", person.personId())
                .map((row, context) -> new KeyDetails(row.getLong(1), row.getString(2), row.getString(3),
                        row.getString(4)))
                .list();
    }

    private static void requireOwnerOrOperator(Caller caller, long personId, String action) {
        if (!caller.isOperator() && caller.personId().orElse(-1L) != personId) {
            throw PlanetLabException.permissionDenied(
                    action + ": persons may manage only their own keys; ask an operator for someone else's");
        }
    }
}
