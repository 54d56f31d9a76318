package org.planetlab.am.call;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.method.Role;
import org.planetlab.plc.Plc;
import org.planetlab.plc.key.NewKey;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.SiteRef;

/**
 * The {@code geni_users} of Provision as PLC persons. A GENI user is the PLC person the
 * {@code am_users} table maps its URN to; the first time a URN is seen, a person is made for it:
 * enabled, a user of the slice's site, with no password (it can log in to slivers only, with its
 * keys, never to PLC), and the placeholder address {@code <name>@<authority>.geni.invalid}
 * ({@code .invalid} is reserved: no mail is ever sent to it). Each key given is added to that
 * person once; keys are never removed here.
 */
final class GeniUsers {
    /** One entry of {@code geni_users}. */
    record GeniUser(Urn urn, List<String> keys) {
        GeniUser {
            keys = List.copyOf(keys);
        }
    }

    private GeniUsers() {
    }

    static List<GeniUser> read(Map<String, Object> options) {
        Object value = options.get("geni_users");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw GeniException.badArgs("option geni_users must be an array of {urn, keys}");
        }
        List<GeniUser> users = new ArrayList<>();
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> struct) || !(struct.get("urn") instanceof String urn)) {
                throw GeniException.badArgs("each geni_users entry must be a struct with a urn string and a keys array");
            }
            List<String> keys = new ArrayList<>();
            if (struct.get("keys") instanceof List<?> given) {
                for (Object key : given) {
                    if (!(key instanceof String text) || text.isBlank() || text.length() > 16_384) {
                        throw GeniException.badArgs("the keys of geni user " + urn + " must be OpenSSH public key lines");
                    }
                    keys.add(text.strip());
                }
            } else if (struct.get("keys") != null) {
                throw GeniException.badArgs("the keys of geni user " + urn + " must be an array");
            }
            users.add(new GeniUser(Urn.parse(urn, "user"), keys));
        }
        return users;
    }

    /**
     * Makes sure each user has a person with its keys, at the site {@code siteId}; runs as PLC
     * (accounts and keys of others are an operator's to change). Returns the persons' ids.
     */
    static List<Long> ensurePersons(Plc plc, Mutation mutation, List<GeniUser> users, long siteId) {
        List<Long> personIds = new ArrayList<>();
        for (GeniUser user : users) {
            long personId = mapped(mutation, user.urn()).orElseGet(() -> create(plc, mutation, user.urn()));
            plc.personMemberships().addToSite(mutation, PersonRef.of(personId), SiteRef.of(siteId));
            List<String> known = mutation.db().createQuery("SELECT key_text FROM am_user_keys WHERE person_id = :person")
                    .bind("person", personId).mapTo(String.class).list();
            for (String key : user.keys()) {
                if (!known.contains(key)) {
                    long keyId = plc.keys().addKey(mutation, PersonRef.of(personId), NewKey.ssh(key));
                    mutation.db().createUpdate("INSERT INTO am_user_keys (person_id, key_text, key_id) VALUES (:person, :key, :id)")
                            .bind("person", personId).bind("key", key).bind("id", keyId).execute();
                }
            }
            personIds.add(personId);
        }
        return personIds;
    }

    private static Optional<Long> mapped(Mutation mutation, Urn urn) {
        return mapped(mutation.db(), urn);
    }

    /** The PLC person a GENI user maps to, if it has one. */
    static Optional<Long> mapped(org.jdbi.v3.core.Handle handle, Urn urn) {
        return handle.createQuery("SELECT person_id FROM am_users WHERE user_urn = :urn")
                .bind("urn", urn.toString()).mapTo(Long.class).findOne();
    }

    private static long create(Plc plc, Mutation mutation, Urn urn) {
        String email = urn.name().toLowerCase(java.util.Locale.ROOT) + "@" + urn.authority().replace(':', '.') + ".geni.invalid";
        long personId = plc.persons().addPerson(mutation, new NewPerson(Profile.of(email, urn.name(), urn.authority()),
                Optional.empty(), Optional.of(true)));
        plc.personMemberships().changeRole(mutation, Role.USER, PersonRef.of(personId), true);
        mutation.db().createUpdate("INSERT INTO am_users (user_urn, person_id) VALUES (:urn, :person)")
                .bind("urn", urn.toString()).bind("person", personId).execute();
        return personId;
    }
}
