package org.planetlab.plc.person;

import java.util.List;
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

    /**
     * Takes everyone off a site that is being deleted; those who belonged to no other site are
     * deleted with it.
     */
    public static void siteDeleted(Mutation mutation, long siteId) {
        List<Long> persons = mutation.db().createQuery("SELECT person_id FROM person_sites WHERE site_id = :id")
                .bind("id", siteId).mapTo(Long.class).list();
        Rows.execute(mutation.db(), "DELETE FROM person_sites WHERE site_id = :id", Map.of("id", siteId));
        for (long personId : persons) {
            long otherSites = mutation.db().createQuery("SELECT COUNT(*) FROM person_sites WHERE person_id = :id")
                    .bind("id", personId).mapTo(Long.class).one();
            if (otherSites == 0) {
                markDeleted(mutation, personId);
            } else {
                mutation.affected(ObjectType.PERSON, personId);
            }
        }
    }

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
