package org.planetlab.plc.person;

import java.util.Map;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.store.Rows;

/**
 * Deletes a person: their keys, roles, site memberships and sessions go; the record and their
 * past slice memberships stay, for audit.
 */
public final class PersonRemoval {
    private PersonRemoval() {}

    public static void markDeleted(Mutation call, long personId) {
        Map<String, Object> id = Map.of("id", personId);
        call.db().createQuery("SELECT key_id FROM person_keys WHERE person_id = :id").bind("id", personId)
                .mapTo(Long.class).forEach(keyId -> call.affected(ObjectType.KEY, keyId));
        call.db().createQuery("SELECT site_id FROM person_sites WHERE person_id = :id").bind("id", personId)
                .mapTo(Long.class).forEach(siteId -> call.affected(ObjectType.SITE, siteId));
        Rows.execute(call.db(), "DELETE FROM person_keys WHERE person_id = :id", id);
        Rows.execute(call.db(), "DELETE FROM person_roles WHERE person_id = :id", id);
        Rows.execute(call.db(), "DELETE FROM person_sites WHERE person_id = :id", id);
        Rows.execute(call.db(), "DELETE FROM sessions WHERE person_id = :id", id);
        Rows.update(call.db(), "persons", "person_id", personId, Map.of("deleted", true, "enabled", false,
                "last_updated", call.now()));
        call.affected(ObjectType.PERSON, personId);
    }
}
