package org.planetlab.am.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.method.Role;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.PersonDetails;
import org.planetlab.plc.person.PersonFilter;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteFilter;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceFilter;
import org.planetlab.plc.slice.SliceRef;

/**
 * The registry's reading calls: GetCredential (a user's own credential, a slice credential for a
 * user of the slice or a PI of its site, an authority credential for a PI of the site or an
 * operator), Resolve (records of users, slices and authorities) and List (an authority's children).
 */
final class RegistryReads {
    private static final int PAGE = 1000;

    private final Plc plc;
    private final NameMapping names;
    private final PersonUrns persons;
    private final RegistryCredentials credentials;
    private final RegistryRecords records;
    private final java.util.function.Predicate<String> hosts;

    /** @param hosts whether PLC hosts a top-level naming authority besides its own ({@code ple}) */
    RegistryReads(Plc plc, NameMapping names, PersonUrns persons, RegistryCredentials credentials,
            java.util.function.Predicate<String> hosts) {
        this.plc = requireNonNull(plc, "plc is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.names = requireNonNull(names, "names is null");
        this.persons = requireNonNull(persons, "persons is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.records = new RegistryRecords(plc, names, persons, credentials);
    }

    String getCredential(RegistryCaller caller, Urn target) {
        return switch (target.type()) {
            case "user" -> {
                if (!target.equals(caller.gid().urn())) {
                    throw GeniException.forbidden("a user credential is given only to its user; you are " + caller.gid().urn());
                }
                yield credentials.userCredential(caller.gid());
            }
            case "slice" -> plc.database().read(handle -> {
                SliceDetails slice = liveSlice(handle, target);
                boolean user = plc.sliceMembership().users(handle, Caller.INTERNAL, SliceRef.of(slice.sliceId()))
                        .contains(caller.person().personId());
                if (!user && !isPiOf(caller, slice.siteId()) && !caller.plc().isOperator()) {
                    throw GeniException.forbidden(caller.gid().urn() + " is not a user of " + target
                            + " nor a PI of its site; ask a PI of the site to add you to the slice");
                }
                return credentials.sliceCredential(caller.gid(), target, Instant.ofEpochSecond(slice.expires()));
            });
            default -> plc.database().read(handle -> {
                Optional<SiteDetails> site = siteOf(handle, target);
                boolean allowed = caller.plc().isOperator() || site.map(found -> isPiOf(caller, found.siteId())).orElse(false);
                if (!allowed) {
                    throw GeniException.forbidden("the credential of authority " + target + " is given to "
                            + (site.isPresent() ? "the PIs of its site and " : "") + "PLC's operators only");
                }
                return credentials.authorityCredential(caller.gid(), target);
            });
        };
    }

    List<Map<String, Object>> resolve(RegistryCaller caller, List<String> xrns, Map<String, Object> options) {
        return plc.database().read(handle -> {
            List<Map<String, Object>> found = new ArrayList<>();
            for (String xrn : xrns) {
                List<Map<String, Object>> records = new ArrayList<>();
                for (Urn urn : candidates(xrn)) {
                    record(handle, caller, urn).ifPresent(records::add);
                }
                if (records.isEmpty()) {
                    throw GeniException.searchFailed("no record " + xrn + " at this registry");
                }
                found.addAll(records);
            }
            return found;
        });
    }

    /**
     * What a name may be: a URN is itself; an hrn without a type (as Resolve takes it) may be a
     * user, a slice or an authority, whichever it can name. A name none can be is BADARGS.
     */
    private static List<Urn> candidates(String xrn) {
        if (xrn.regionMatches(true, 0, Urn.PREFIX, 0, Urn.PREFIX.length())) {
            return List.of(Xrn.parse(xrn, Optional.empty()));
        }
        List<Urn> candidates = new ArrayList<>();
        GeniException first = null;
        for (String type : Xrn.RECORD_TYPES) {
            try {
                candidates.add(Xrn.parse(xrn, Optional.of(type)));
            } catch (GeniException e) {
                first = first == null ? e : first;
            }
        }
        if (candidates.isEmpty()) {
            throw first;
        }
        return candidates;
    }

    List<Map<String, Object>> list(RegistryCaller caller, Urn authority) {
        return plc.database().read(handle -> {
            List<Map<String, Object>> children = new ArrayList<>();
            if (isTop(authority)) {
                // The sites named under that authority.
                for (SiteFilter filter = SiteFilter.all(PAGE); ; ) {
                    List<SiteDetails> page = plc.sites().sites(handle, filter);
                    page.stream().filter(site -> names.siteAuthority(site.loginBase()).equals(authority.authority()))
                            .forEach(site -> children.add(RegistryRecords.shallow(siteUrn(site))));
                    if (page.size() < PAGE) {
                        return children;
                    }
                    filter = filter.after(page.getLast().siteId());
                }
            }
            SiteDetails site = siteOf(handle, authority).orElseThrow(() -> GeniException.searchFailed(
                    "no authority " + authority + " at this registry; List " + names.authority().replace(':', '.') + " shows its sites"));
            for (PersonFilter filter = PersonFilter.all(PAGE).atSite(site.siteId()); ; ) {
                List<PersonDetails> page = plc.persons().persons(handle, caller.plc(), filter);
                page.stream().filter(person -> person.siteIds().getFirst() == site.siteId())
                        .forEach(person -> children.add(RegistryRecords.shallow(persons.urnOf(handle, person))));
                if (page.size() < PAGE) {
                    break;
                }
                filter = filter.after(page.getLast().personId());
            }
            for (SliceFilter filter = SliceFilter.all(PAGE).atSite(site.siteId()); ; ) {
                List<SliceDetails> page = plc.slices().slices(handle, caller.plc(), filter);
                page.forEach(slice -> children.add(RegistryRecords.shallow(names.sliceUrn(slice.name()))));
                if (page.size() < PAGE) {
                    return children;
                }
                filter = filter.after(page.getLast().sliceId());
            }
        });
    }

    private Optional<Map<String, Object>> record(Handle handle, RegistryCaller caller, Urn urn) {
        switch (urn.type()) {
            case "user" -> {
                if (!names.namesASite(urn)) {
                    return Optional.empty();
                }
                // A person is shown to those PLC shows them to (their sites' members, operators).
                return persons.personOf(handle, urn)
                        .flatMap(person -> plc.persons().person(handle, caller.plc(), org.planetlab.plc.person.PersonRef.of(person.personId())))
                        .map(person -> records.user(handle, urn, person));
            }
            case "slice" -> {
                Optional<SliceDetails> slice = sliceOf(handle, urn);
                return slice.map(found -> records.slice(handle, urn, found));
            }
            default -> {
                if (isTop(urn)) {
                    return Optional.of(records.root(urn));
                }
                return siteOf(handle, urn).map(site -> records.authority(handle, urn, site));
            }
        }
    }

    private Optional<SliceDetails> sliceOf(Handle handle, Urn urn) {
        if (!names.namesASite(urn) || !urn.name().matches("[A-Za-z0-9_]+")) {
            return Optional.empty();
        }
        return plc.slices().slice(handle, Caller.INTERNAL, SliceRef.of(names.plcapiSliceName(urn)));
    }

    private SliceDetails liveSlice(Handle handle, Urn urn) {
        names.plcapiSliceName(urn);
        SliceDetails slice = sliceOf(handle, urn).orElseThrow(() -> GeniException.searchFailed("no slice " + urn + " at this registry"));
        if (slice.expires() <= plc.mutations().now()) {
            throw new GeniException(GeniCode.EXPIRED, "slice " + urn + " expired at " + Instant.ofEpochSecond(slice.expires())
                    + "; renew it (Update with a later expires) first");
        }
        return slice;
    }

    /** Whether {@code authority} is PLC's own authority or another top-level one PLC hosts, whose children are sites. */
    private boolean isTop(Urn authority) {
        return authority.type().equals("authority") && (authority.authority().equals(names.authority())
                || authority.authorityPath().size() == 1 && hosts.test(authority.authority()));
    }

    /** The site an authority URN {@code <its authority>:<login_base>+authority+sa} names. */
    Optional<SiteDetails> siteOf(Handle handle, Urn authority) {
        if (!authority.type().equals("authority") || !names.namesASite(authority)) {
            return Optional.empty();
        }
        return plc.sites().site(handle, SiteRef.of(authority.authorityPath().getLast()));
    }

    private Urn siteUrn(SiteDetails site) {
        return new Urn(names.siteAuthority(site.loginBase()) + ":" + site.loginBase(), "authority", "sa");
    }

    private static boolean isPiOf(RegistryCaller caller, long siteId) {
        return caller.plc().has(Role.PI) && caller.person().siteIds().contains(siteId);
    }
}
