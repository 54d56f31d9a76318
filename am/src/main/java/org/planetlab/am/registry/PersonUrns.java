package org.planetlab.am.registry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.am.urn.Urn;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.PersonDetails;
import org.planetlab.plc.person.PersonFilter;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteRef;

/**
 * The GENI user URN of a PLC person and back. A person mapped in {@code am_users} (a GENI user the
 * aggregate made, or a person the registry already issued a GID to) keeps that URN. Otherwise the
 * URN is named after the local part of the e-mail address at the primary site, as SFA names its
 * users ({@code alice.smith@cs.princeton.edu} at {@code princeton} is
 * {@code urn:publicid:IDN+plc:princeton+user+alice_smith}): lowercase, every character other than
 * a-z, 0-9, '_' and '-' becomes '_' (so a '.' never splits a hierarchical name). When two persons of
 * a site share that name, the earliest account has it and the others get {@code -<person_id>}
 * appended. The registry records a person's URN in {@code am_users} when it issues them a GID, so
 * a GID's URN stays the person's whatever accounts come and go.
 */
final class PersonUrns {
    private static final Pattern NUMBERED = Pattern.compile("(.+)-([0-9]{1,18})");

    private final Plc plc;
    private final NameMapping names;

    PersonUrns(Plc plc, NameMapping names) {
        this.plc = requireNonNull(plc, "plc is null");
        this.names = requireNonNull(names, "names is null");
    }

    /** The URN of a live person; SEARCHFAILED for a person with no site, who has no place in the hierarchy. */
    Urn urnOf(Handle handle, PersonDetails person) {
        Optional<Urn> mapped = mapped(handle, person.personId());
        if (mapped.isPresent()) {
            return mapped.get();
        }
        if (person.siteIds().isEmpty()) {
            throw GeniException.searchFailed("person " + person.email() + " belongs to no site, so has no GENI name;"
                    + " a PI or operator must add them to a site");
        }
        SiteDetails site = plc.sites().site(handle, SiteRef.of(person.siteIds().getFirst())).orElseThrow();
        Urn candidate = new Urn(names.siteAuthority(site.loginBase()) + ":" + site.loginBase(), "user", localName(person.email()));
        if (personOf(handle, candidate).map(PersonDetails::personId).filter(id -> id == person.personId()).isPresent()) {
            return candidate;
        }
        return new Urn(candidate.authority(), "user", candidate.name() + "-" + person.personId());
    }

    /** The live person a user URN of this PLC names, if any. */
    Optional<PersonDetails> personOf(Handle handle, Urn urn) {
        String loginBase = names.loginBase(urn);
        Optional<Long> mapped = handle.createQuery("SELECT person_id FROM am_users WHERE user_urn = :urn")
                .bind("urn", urn.toString()).mapTo(Long.class).findOne();
        if (mapped.isPresent()) {
            return plc.persons().person(handle, Caller.INTERNAL, PersonRef.of(mapped.get()));
        }
        Optional<SiteDetails> site = plc.sites().site(handle, SiteRef.of(loginBase));
        if (site.isEmpty()) {
            return Optional.empty();
        }
        List<PersonDetails> named = unmappedAt(handle, site.get().siteId()).stream()
                .filter(person -> localName(person.email()).equals(urn.name())).toList();
        if (!named.isEmpty()) {
            return Optional.of(named.getFirst());
        }
        Matcher numbered = NUMBERED.matcher(urn.name());
        if (numbered.matches()) {
            long personId = Long.parseLong(numbered.group(2));
            return unmappedAt(handle, site.get().siteId()).stream()
                    .filter(person -> person.personId() == personId && localName(person.email()).equals(numbered.group(1)))
                    .findFirst();
        }
        return Optional.empty();
    }

    /** Records that {@code urn} is the person's, unless the person already has a URN. */
    void remember(Handle handle, Urn urn, long personId) {
        if (mapped(handle, personId).isEmpty()) {
            handle.createUpdate("INSERT INTO am_users (user_urn, person_id) VALUES (:urn, :person)")
                    .bind("urn", urn.toString()).bind("person", personId).execute();
        }
    }

    /** The name part of a user URN for an e-mail address. */
    static String localName(String email) {
        String local = email.substring(0, Math.max(0, email.indexOf('@'))).toLowerCase(Locale.ROOT);
        String cleaned = local.replaceAll("[^a-z0-9_-]", "_").replaceAll("^[^a-z0-9]+", "");
        if (cleaned.isEmpty()) {
            return "user";
        }
        return cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }

    private static Optional<Urn> mapped(Handle handle, long personId) {
        return handle.createQuery("SELECT user_urn FROM am_users WHERE person_id = :person ORDER BY user_urn")
                .bind("person", personId).mapTo(String.class).findFirst().map(Urn::parse);
    }

    /** The live persons whose primary site is {@code siteId} and who have no URN recorded, by id. */
    private List<PersonDetails> unmappedAt(Handle handle, long siteId) {
        List<PersonDetails> found = new ArrayList<>();
        PersonFilter filter = PersonFilter.all(1000).atSite(siteId);
        while (true) {
            List<PersonDetails> page = plc.persons().persons(handle, Caller.INTERNAL, filter);
            for (PersonDetails person : page) {
                if (person.siteIds().getFirst() == siteId && mapped(handle, person.personId()).isEmpty()) {
                    found.add(person);
                }
            }
            if (page.size() < 1000) {
                return found;
            }
            filter = filter.after(page.getLast().personId());
        }
    }
}
