package org.planetlab.am.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.method.Role;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.key.KeyDetails;
import org.planetlab.plc.person.PersonDetails;
import org.planetlab.plc.person.PersonFilter;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceFilter;
import org.planetlab.plc.slice.SliceRef;

/**
 * Registry records as SFA clients read them: {@code hrn}, {@code urn}, {@code type},
 * {@code authority}, {@code gid} (PEM, the GID then its issuer), and per type a user's
 * {@code email}, names, {@code reg-keys} and {@code reg-slices}; a slice's
 * {@code reg-researchers}, description, URL and expiry; an authority's {@code reg-pis}.
 */
final class RegistryRecords {
    private static final int PAGE = 1000;

    private final Plc plc;
    private final NameMapping names;
    private final PersonUrns persons;
    private final RegistryCredentials credentials;

    RegistryRecords(Plc plc, NameMapping names, PersonUrns persons, RegistryCredentials credentials) {
        this.plc = requireNonNull(plc, "plc is null");
        this.names = requireNonNull(names, "names is null");
        this.persons = requireNonNull(persons, "persons is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
    }

    /** What List gives for each child: its names and type. */
    static Map<String, Object> shallow(Urn urn) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("hrn", Xrn.hrn(urn));
        record.put("urn", urn.toString());
        record.put("type", urn.type());
        return record;
    }

    /**
     * A user's record. Its GID is for the person's first RSA key (as SFA binds it); a person
     * without one has none ({@code gid} is empty) until they add one.
     */
    Map<String, Object> user(Handle handle, Urn urn, PersonDetails person) {
        Map<String, Object> record = base(urn);
        List<KeyDetails> keys = plc.keys().keys(handle, Caller.INTERNAL, PersonRef.of(person.personId()));
        record.put("gid", keys.stream().map(key -> RsaSshKey.parse(key.key())).flatMap(java.util.Optional::stream).findFirst()
                .map(key -> credentials.pem(credentials.personGid(urn, person.email(), key))).orElse(""));
        record.put("email", person.email());
        record.put("first_name", person.firstName());
        record.put("last_name", person.lastName());
        record.put("enabled", person.enabled());
        record.put("reg-keys", keys.stream().map(KeyDetails::key).toList());
        record.put("reg-slices", plc.slices().slices(handle, Caller.INTERNAL, SliceFilter.all(PAGE).withUser(person.personId()))
                .stream().map(slice -> Xrn.hrn(names.sliceUrn(slice.name()))).toList());
        return record;
    }

    Map<String, Object> slice(Handle handle, Urn urn, SliceDetails slice) {
        Map<String, Object> record = base(urn);
        record.put("gid", credentials.pem(credentials.targetGid(urn)));
        record.put("name", slice.name());
        record.put("description", slice.description().orElse(""));
        record.put("url", slice.url().orElse(""));
        record.put("expires", Instant.ofEpochSecond(slice.expires()).toString());
        record.put("reg-researchers", plc.sliceMembership().users(handle, Caller.INTERNAL, SliceRef.of(slice.sliceId())).stream()
                .map(id -> plc.persons().person(handle, Caller.INTERNAL, PersonRef.of(id)))
                .flatMap(java.util.Optional::stream).map(person -> Xrn.hrn(persons.urnOf(handle, person))).toList());
        return record;
    }

    Map<String, Object> authority(Handle handle, Urn urn, SiteDetails site) {
        Map<String, Object> record = base(urn);
        record.put("name", site.name());
        record.put("reg-pis", plc.persons().persons(handle, Caller.INTERNAL, PersonFilter.all(PAGE).atSite(site.siteId()).withRole(Role.PI))
                .stream().map(person -> Xrn.hrn(persons.urnOf(handle, person))).toList());
        return record;
    }

    /** PLC's own authority: its GID is the slice authority's, the root of its GIDs. */
    Map<String, Object> root(Urn urn) {
        Map<String, Object> record = base(urn);
        record.put("authority", "");
        return record;
    }

    private Map<String, Object> base(Urn urn) {
        Map<String, Object> record = shallow(urn);
        List<String> path = urn.authorityPath();
        String authority = urn.type().equals("authority") ? String.join(".", path.subList(0, Math.max(0, path.size() - 1)))
                : String.join(".", path);
        record.put("authority", authority);
        return record;
    }
}
