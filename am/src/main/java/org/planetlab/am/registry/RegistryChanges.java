package org.planetlab.am.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.am.credential.VerifiedCredential;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.method.Role;
import org.planetlab.plc.Plc;
import org.planetlab.plc.key.KeyDetails;
import org.planetlab.plc.key.NewKey;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonDetails;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.PersonUpdate;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.slice.SliceService;
import org.planetlab.plc.slice.SliceUpdate;

/**
 * Register, Update and Remove of users and slices, each one change through PLC's services as the
 * caller's person (so PLC's rules decide: a PI manages the slices and users of their site, a user
 * their own keys, an operator everything), recorded in the event log under the registry call's
 * name with the record's URN. The credential must be an authority credential covering the record
 * or, for Update and Remove, one on the record itself granting {@code refresh}.
 */
final class RegistryChanges {
    private final Plc plc;
    private final NameMapping names;
    private final PersonUrns persons;
    private final RegistryCredentials credentials;

    RegistryChanges(Plc plc, NameMapping names, PersonUrns persons, RegistryCredentials credentials) {
        this.plc = requireNonNull(plc, "plc is null");
        this.names = requireNonNull(names, "names is null");
        this.persons = requireNonNull(persons, "persons is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
    }

    /** Registers a slice or a user; answers the new record's GID (PEM; empty for a user without an RSA key). */
    String register(RegistryCaller caller, Map<String, Object> record) {
        Urn urn = urnOf(record);
        requireCovering(caller, urn, false);
        return switch (urn.type()) {
            case "slice" -> {
                String name = names.plcapiSliceName(urn);
                plc.mutations().run(caller.plc(), "Register", List.of(urn.toString()), mutation -> {
                    long sliceId = plc.slices().createSlice(mutation, new NewSlice(name, text(record, "url"), text(record, "description"),
                            Optional.empty(), Optional.empty()), SliceService.Creation.ADD);
                    for (String researcher : names(record, "reg-researchers")) {
                        plc.sliceMembership().changePerson(mutation, "AddPersonToSlice", researcher(mutation, researcher),
                                SliceRef.of(sliceId), true);
                    }
                    return sliceId;
                });
                yield credentials.pem(credentials.targetGid(urn));
            }
            case "user" -> {
                String email = text(record, "email").orElseThrow(() -> GeniException.badArgs("a user record needs an email"));
                String loginBase = names.loginBase(urn);
                List<String> keys = names(record, "reg-keys").isEmpty() ? names(record, "keys") : names(record, "reg-keys");
                long personId = plc.mutations().run(caller.plc(), "Register", List.of(urn.toString()), mutation -> {
                    if (persons.personOf(mutation.db(), urn).isPresent()) {
                        throw org.planetlab.api.error.PlanetLabException.alreadyExists("user " + urn + " is already registered");
                    }
                    long id = plc.persons().addPerson(mutation, new NewPerson(Profile.of(email,
                            text(record, "first_name").orElse(urn.name()), text(record, "last_name").orElse(loginBase)),
                            Optional.empty(), Optional.empty()));
                    plc.personMemberships().addToSite(mutation, PersonRef.of(id), SiteRef.of(loginBase));
                    plc.personMemberships().changeRole(mutation, Role.USER, PersonRef.of(id), true);
                    for (String key : keys) {
                        plc.keys().addKey(mutation, PersonRef.of(id), NewKey.ssh(key));
                    }
                    persons.remember(mutation.db(), urn, id);
                    return id;
                });
                yield keys.stream().map(RsaSshKey::parse).flatMap(Optional::stream).findFirst()
                        .map(key -> credentials.pem(credentials.personGid(urn, email, key))).orElse("");
            }
            default -> throw GeniException.badArgs("only users and slices are registered here; authorities are PLC's sites");
        };
    }

    /** Updates a slice (description, url, expires, reg-researchers) or a user (names, reg-keys); answers 1. */
    int update(RegistryCaller caller, Map<String, Object> record) {
        Urn urn = urnOf(record);
        requireCovering(caller, urn, true);
        switch (urn.type()) {
            case "slice" -> {
                String name = names.plcapiSliceName(urn);
                plc.mutations().run(caller.plc(), "Update", List.of(urn.toString()), mutation -> {
                    SliceUpdate update = new SliceUpdate(Optional.empty(), text(record, "url").map(Optional::of),
                            text(record, "description").map(Optional::of), Optional.empty(), expires(record));
                    plc.slices().updateSlice(mutation, SliceRef.of(name), update);
                    if (record.containsKey("reg-researchers")) {
                        List<Long> wanted = new ArrayList<>();
                        for (String researcher : names(record, "reg-researchers")) {
                            wanted.add(((PersonRef.ById) researcher(mutation, researcher)).personId());
                        }
                        List<Long> current = plc.sliceMembership().users(mutation.db(), mutation.caller(), SliceRef.of(name));
                        for (long id : wanted) {
                            if (!current.contains(id)) {
                                plc.sliceMembership().changePerson(mutation, "AddPersonToSlice", PersonRef.of(id), SliceRef.of(name), true);
                            }
                        }
                        for (long id : current) {
                            if (!wanted.contains(id)) {
                                plc.sliceMembership().changePerson(mutation, "DeletePersonFromSlice", PersonRef.of(id), SliceRef.of(name), false);
                            }
                        }
                    }
                    return null;
                });
            }
            case "user" -> plc.mutations().run(caller.plc(), "Update", List.of(urn.toString()), mutation -> {
                PersonDetails person = persons.personOf(mutation.db(), urn)
                        .orElseThrow(() -> GeniException.searchFailed("no user " + urn + " at this registry"));
                Map<String, Optional<String>> fields = new LinkedHashMap<>();
                text(record, "first_name").ifPresent(first -> fields.put("first_name", Optional.of(first)));
                text(record, "last_name").ifPresent(last -> fields.put("last_name", Optional.of(last)));
                if (!fields.isEmpty()) {
                    plc.persons().updatePerson(mutation, PersonRef.of(person.personId()),
                            new PersonUpdate(new Profile(fields), Optional.empty(), Optional.empty()));
                }
                if (record.containsKey("reg-keys")) {
                    List<String> wanted = names(record, "reg-keys");
                    List<KeyDetails> current = plc.keys().keys(mutation.db(), mutation.caller(), PersonRef.of(person.personId()));
                    for (String key : wanted) {
                        if (current.stream().noneMatch(held -> held.key().strip().equals(key.strip()))) {
                            plc.keys().addKey(mutation, PersonRef.of(person.personId()), NewKey.ssh(key));
                        }
                    }
                    for (KeyDetails held : current) {
                        if (wanted.stream().noneMatch(key -> key.strip().equals(held.key().strip()))) {
                            plc.keys().deleteKey(mutation, held.keyId());
                        }
                    }
                }
                return null;
            });
            default -> throw GeniException.badArgs("only users and slices are updated here; authorities are PLC's sites");
        }
        return 1;
    }

    /** Removes a slice or a user; answers 1. */
    int remove(RegistryCaller caller, Urn urn) {
        requireCovering(caller, urn, true);
        switch (urn.type()) {
            case "slice" -> {
                String name = names.plcapiSliceName(urn);
                plc.mutations().run(caller.plc(), "Remove", List.of(urn.toString()), mutation -> {
                    plc.slices().deleteSlice(mutation, SliceRef.of(name));
                    return null;
                });
            }
            case "user" -> plc.mutations().run(caller.plc(), "Remove", List.of(urn.toString()), mutation -> {
                PersonDetails person = persons.personOf(mutation.db(), urn)
                        .orElseThrow(() -> GeniException.searchFailed("no user " + urn + " at this registry"));
                plc.persons().deletePerson(mutation, PersonRef.of(person.personId()));
                return null;
            });
            default -> throw GeniException.badArgs("only users and slices are removed here; authorities are PLC's sites");
        }
        return 1;
    }

    /**
     * Some credential must be an authority credential whose authority covers {@code urn} or, when
     * {@code onItself} allows, a credential on {@code urn} itself granting refresh.
     */
    private static void requireCovering(RegistryCaller caller, Urn urn, boolean onItself) {
        for (VerifiedCredential credential : caller.credentials()) {
            Urn target = credential.target();
            if (credential.grants("authority") && target.type().equals("authority") && urn.isUnder(target.authority())) {
                return;
            }
            if (onItself && target.equals(urn) && credential.grants("refresh")) {
                return;
            }
        }
        throw GeniException.forbidden("no credential given covers " + urn + ": give the authority credential of its site"
                + (onItself ? " or a credential for " + urn + " itself" : "") + " (GetCredential)");
    }

    private PersonRef researcher(Mutation mutation, String xrn) {
        Urn urn = Xrn.parse(xrn, Optional.of("user"));
        return PersonRef.of(persons.personOf(mutation.db(), urn)
                .orElseThrow(() -> GeniException.searchFailed("no user " + urn + " at this registry")).personId());
    }

    private static Urn urnOf(Map<String, Object> record) {
        Optional<String> type = text(record, "type");
        Optional<String> name = text(record, "urn").or(() -> text(record, "hrn"));
        return Xrn.parse(name.orElseThrow(() -> GeniException.badArgs("the record needs an hrn or a urn")), type);
    }

    private static Optional<String> text(Map<String, Object> record, String field) {
        Object value = record.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw GeniException.badArgs("record field " + field + " must be a string");
        }
        return Optional.of(text);
    }

    private static List<String> names(Map<String, Object> record, String field) {
        Object value = record.get(field);
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof List<?> list ? list : List.of(value);
        List<String> texts = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String text)) {
                throw GeniException.badArgs("record field " + field + " must hold strings");
            }
            texts.add(text);
        }
        return texts;
    }

    private static Optional<Long> expires(Map<String, Object> record) {
        Object value = record.get("expires");
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Instant instant) {
            return Optional.of(instant.getEpochSecond());
        }
        try {
            return Optional.of(OffsetDateTime.parse(String.valueOf(value).strip()).toEpochSecond());
        } catch (DateTimeParseException e) {
            throw GeniException.badArgs("record field expires \"" + value + "\" is not an RFC 3339 time such as 2026-12-24T12:00:00Z");
        }
    }
}
