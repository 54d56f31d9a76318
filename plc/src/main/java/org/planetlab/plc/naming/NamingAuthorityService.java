package org.planetlab.plc.naming;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.foreign.ForeignObjects;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Naming authorities under the root (Architecture §4.4) and the sites named under them. Only
 * operators add authorities and move sites; a site moves only while it has no live slice, since
 * its slices' hierarchical names and URNs are its authority's.
 */
public final class NamingAuthorityService {
    private static final long OPERATOR_ROLE_ID = 10;

    private final MutationPath mutations;
    private volatile NamingAuthorityKeys keys = NamingAuthorityKeys.NONE;

    public NamingAuthorityService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    /** Who makes each new authority's key and certificate, in the change that adds it. */
    public void keysWith(NamingAuthorityKeys keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    public long addNamingAuthority(Caller caller, NewNamingAuthority authority) {
        return mutations.run(caller, "AddNamingAuthority", List.of(authority.hrn()),
                mutation -> addNamingAuthority(mutation, authority));
    }

    public long addNamingAuthority(Mutation mutation, NewNamingAuthority authority) {
        Permissions.requireOperator(mutation.caller(), "AddNamingAuthority");
        String hrn = authority.hrn();
        if (!hrn.matches("[a-z][a-z0-9]{0,31}")) {
            throw PlanetLabException.invalidArgument("naming authority \"" + hrn
                    + "\": 1 to 32 lowercase letters and digits, starting with a letter (one level under the root)");
        }
        NamingAuthorities.find(mutation.db(), hrn).ifPresent(existing -> {
            throw PlanetLabException.alreadyExists("a naming authority named " + hrn + " already exists (naming_authority_id "
                    + existing.namingAuthorityId() + ")");
        });
        String own = mutation.db().createQuery("SELECT hrn FROM naming_authorities WHERE is_own = TRUE")
                .mapTo(String.class).findOne().orElse("");
        if (own.startsWith(hrn + ".")) {
            throw PlanetLabException.alreadyExists("naming authority " + hrn + " would hold PLC's own authority " + own
                    + "; choose another name");
        }
        if (authority.personId().isPresent()) {
            requireOperatorPerson(mutation, authority.personId().getAsLong());
        }
        long id = Database.nextId(mutation.db(), "naming_authorities");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("naming_authority_id", id);
        row.put("hrn", hrn);
        row.put("name", authority.name());
        row.put("person_id", authority.personId().isPresent() ? authority.personId().getAsLong() : null);
        row.put("is_own", false);
        row.put("date_created", mutation.now());
        Rows.insert(mutation.db(), "naming_authorities", row);
        keys.added(mutation.db(), id, hrn);
        mutation.affected(ObjectType.NAMING_AUTHORITY, id);
        mutation.message("naming authority %d (%s) added".formatted(id, hrn));
        return id;
    }

    public void setSiteNamingAuthority(Caller caller, Object siteRef, Object authorityRef) {
        mutations.run(caller, "SetSiteNamingAuthority", List.of(siteRef, authorityRef), mutation -> {
            setSiteNamingAuthority(mutation, siteRef, authorityRef);
            return null;
        });
    }

    /** Puts a site (by id or login base) under an authority (by id or hrn). */
    public void setSiteNamingAuthority(Mutation mutation, Object siteRef, Object authorityRef) {
        Permissions.requireOperator(mutation.caller(), "SetSiteNamingAuthority");
        Sites.SiteRecord site = Sites.require(mutation.db(), siteRef);
        ForeignObjects.requireLocal(mutation.db(), ObjectType.SITE, site.siteId(), "SetSiteNamingAuthority");
        NamingAuthorities.AuthorityRecord authority = NamingAuthorities.require(mutation.db(), authorityRef);
        List<String> live = mutation.db().createQuery("SELECT name FROM slices WHERE site_id = :site"
                        + " AND is_deleted = FALSE ORDER BY slice_id")
                .bind("site", site.siteId()).mapTo(String.class).list();
        if (!live.isEmpty()) {
            throw new PlanetLabException(ErrorCode.IN_USE, "site " + site.loginBase() + " has live slices " + live
                    + ", whose names would change; delete them before moving the site to " + authority.hrn());
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("naming_authority_id", authority.isOwn() ? null : authority.namingAuthorityId());
        columns.put("last_updated", mutation.now());
        Rows.update(mutation.db(), "sites", "site_id", site.siteId(), columns);
        mutation.affected(ObjectType.SITE, site.siteId());
        mutation.affected(ObjectType.NAMING_AUTHORITY, authority.namingAuthorityId());
        mutation.message("site %d (%s) named under %s".formatted(site.siteId(), site.loginBase(), authority.hrn()));
    }

    private static void requireOperatorPerson(Mutation mutation, long personId) {
        long operators = mutation.db().createQuery("SELECT COUNT(*) FROM persons p JOIN person_roles r"
                        + " ON r.person_id = p.person_id AND r.role_id = :role"
                        + " WHERE p.person_id = :person AND p.deleted = FALSE")
                .bind("role", OPERATOR_ROLE_ID).bind("person", personId).mapTo(Long.class).one();
        if (operators == 0) {
            throw PlanetLabException.invalidArgument("person_id " + personId
                    + " is not an operator of this PLC; the person who answers for an authority must be one");
        }
    }
}
