package org.planetlab.plc;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.List;
import org.planetlab.plc.agreement.SiteAgreementMethods;
import org.planetlab.plc.agreement.SiteAgreementService;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.PasswordHasher;
import org.planetlab.plc.auth.SessionStore;
import org.planetlab.plc.authority.AuthorityMethods;
import org.planetlab.plc.authority.AuthorityService;
import org.planetlab.plc.key.KeyMethods;
import org.planetlab.plc.key.KeyService;
import org.planetlab.plc.lease.LeaseMethods;
import org.planetlab.plc.lease.LeaseService;
import org.planetlab.plc.lease.LeaseSettings;
import org.planetlab.plc.mail.Mailer;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.naming.ManagementAuthorityMethods;
import org.planetlab.plc.naming.ManagementAuthorityService;
import org.planetlab.plc.naming.NamingAuthorityMethods;
import org.planetlab.plc.naming.NamingAuthorityService;
import org.planetlab.plc.node.NodeRemoval;
import org.planetlab.plc.person.AccountVerification;
import org.planetlab.plc.person.PersonMemberships;
import org.planetlab.plc.person.PersonMethods;
import org.planetlab.plc.person.PersonRemoval;
import org.planetlab.plc.person.PersonService;
import org.planetlab.plc.site.SiteMethods;
import org.planetlab.plc.site.SiteService;
import org.planetlab.plc.slice.SliceImages;
import org.planetlab.plc.slice.SliceMembership;
import org.planetlab.plc.slice.SliceMethods;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.SliceRemoval;
import org.planetlab.plc.slice.SliceService;
import org.planetlab.plc.slice.SliceTagMethods;
import org.planetlab.plc.slice.SliceTagService;
import org.planetlab.plc.stop.StopMail;
import org.planetlab.plc.stop.StopMethods;
import org.planetlab.plc.stop.StopService;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.tag.TagTypeMethods;
import org.planetlab.plc.tag.TagTypeService;
import org.planetlab.trust.authority.PlcTrust;

/**
 * PLC acting as a slice authority: the organizations (sites) and principals (persons and their
 * keys) it vouches for, the slices they create, the slices' attributes, users, nodes, leases
 * and stops, and the tickets that let a slice be created elsewhere. It shares only the
 * principals with the {@link ManagementAuthority}; each could run on a server of its own.
 * Constructing it builds its services and binds their API methods.
 */
final class SliceAuthority {
    private final SliceNames names;
    private final SiteService sites;
    private final PersonService persons;
    private final PersonMemberships personMemberships;
    private final AccountVerification accountVerification;
    private final KeyService keys;
    private final TagTypeService tagTypes;
    private final SliceService slices;
    private final SliceMembership sliceMembership;
    private final SliceTagService sliceTags;
    private final AuthorityService authority;
    private final StopService stops;
    private final SiteAgreementService agreements;
    private final LeaseService leases;
    private final NamingAuthorityService namingAuthorities;

    /** What the slice authority is built on, shared with the rest of PLC. */
    record Foundation(PlcConfig config, MutationPath mutations, Database database, PasswordHasher passwords,
            SessionStore sessions, PlcTrust trust, Mailer mailer, SecureRandom random) {
        Foundation {
            requireNonNull(config, "config is null");
            requireNonNull(mutations, "mutations is null");
            requireNonNull(database, "database is null");
            requireNonNull(passwords, "passwords is null");
            requireNonNull(sessions, "sessions is null");
            requireNonNull(trust, "trust is null");
            requireNonNull(mailer, "mailer is null");
            requireNonNull(random, "random is null");
        }
    }

    SliceAuthority(Foundation foundation, MethodRegistry registry) {
        requireNonNull(foundation, "foundation is null");
        requireNonNull(registry, "registry is null");
        PlcConfig config = foundation.config();
        MutationPath mutations = foundation.mutations();
        this.names = new SliceNames(config.sliceAuthority(), foundation.database());
        this.slices = new SliceService(mutations, foundation.database(), names);
        this.sliceMembership = new SliceMembership(mutations, names);
        // Deleting a site deletes its slices, nodes and persons: each domain hands its handler here.
        this.sites = new SiteService(mutations, foundation.database(), new SiteService.SiteDefaults(
                config.defaultMaxSlices(), config.defaultMaxSlivers()), List.of(SliceRemoval::siteDeleted,
                NodeRemoval::siteDeleted, PersonRemoval::siteDeleted));
        new SiteMethods(sites).register(registry);
        this.personMemberships = new PersonMemberships(mutations);
        this.persons = new PersonService(mutations, foundation.database(), foundation.passwords(), personMemberships);
        new PersonMethods(persons, personMemberships).register(registry);
        this.accountVerification = AccountVerification.create(mutations, foundation.database(), foundation.passwords(),
                foundation.mailer(), config.dataDir().resolve("account-keys.secret"), foundation.random());
        this.keys = new KeyService(mutations);
        new KeyMethods(keys).register(registry);
        this.tagTypes = new TagTypeService(mutations);
        new TagTypeMethods(tagTypes).register(registry);
        new SliceMethods(names, slices, sliceMembership).register(registry);
        this.sliceTags = new SliceTagService(mutations, names, SliceImages.from(config.section("images")));
        new SliceTagMethods(sliceTags).register(registry);
        this.authority = new AuthorityService(mutations, foundation.trust(), names, foundation.sessions(),
                foundation.random());
        new AuthorityMethods(authority).register(registry);
        this.namingAuthorities = new NamingAuthorityService(mutations);
        new NamingAuthorityMethods(namingAuthorities).register(registry);
        new ManagementAuthorityMethods(new ManagementAuthorityService(mutations)).register(registry);
        this.agreements = new SiteAgreementService(mutations);
        new SiteAgreementMethods(agreements).register(registry);
        this.leases = new LeaseService(mutations, names, LeaseSettings.from(config.section("lease")));
        new LeaseMethods(leases).register(registry);
        this.stops = new StopService(slices, names);
        stops.notifyWith(new StopMail(foundation.mailer().supportAddress()));
        new StopMethods(stops).register(registry);
    }

    /** This authority's hierarchical slice-name rules (its prefix, site parts). */
    SliceNames names() {
        return names;
    }

    LeaseService leases() {
        return leases;
    }

    SiteService sites() {
        return sites;
    }

    PersonService persons() {
        return persons;
    }

    PersonMemberships personMemberships() {
        return personMemberships;
    }

    AccountVerification accountVerification() {
        return accountVerification;
    }

    KeyService keys() {
        return keys;
    }

    TagTypeService tagTypes() {
        return tagTypes;
    }

    SliceService slices() {
        return slices;
    }

    SliceMembership sliceMembership() {
        return sliceMembership;
    }

    SliceTagService sliceTags() {
        return sliceTags;
    }

    AuthorityService authority() {
        return authority;
    }

    NamingAuthorityService namingAuthorities() {
        return namingAuthorities;
    }

    StopService stops() {
        return stops;
    }

    SiteAgreementService agreements() {
        return agreements;
    }
}
