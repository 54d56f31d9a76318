package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Rows;

/**
 * A person's primary site, one of the sites they are at: operators may choose it for anyone,
 * everyone else only for themselves (PLCAPI's SetPersonPrimarySite).
 */
public final class PrimarySites {
    private final MutationPath mutations;

    public PrimarySites(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("SetPersonPrimarySite", call -> {
            setPrimarySite(call.mutation(), call.arg(0), call.arg(1));
            return 1L;
        });
    }

    public void setPrimarySite(Caller caller, Object personIdOrEmail, Object siteIdOrLoginBase) {
        mutations.run(caller, "SetPersonPrimarySite", List.of(personIdOrEmail, siteIdOrLoginBase), mutation -> {
            setPrimarySite(mutation, personIdOrEmail, siteIdOrLoginBase);
            return null;
        });
    }

    public void setPrimarySite(Mutation mutation, Object personIdOrEmail, Object siteIdOrLoginBase) {
        Persons.PersonRecord person = Persons.require(mutation.db(), personIdOrEmail);
        Caller caller = mutation.caller();
        if (!caller.isOperator() && !caller.personId().equals(Optional.of(person.personId()))) {
            throw PlanetLabException.permissionDenied("SetPersonPrimarySite: %s may not change the primary site of"
                    .formatted(caller.describe()) + " person " + person.personId()
                    + "; persons choose their own, operators anyone's");
        }
        Sites.SiteRecord site = Sites.require(mutation.db(), siteIdOrLoginBase);
        if (!person.siteIds().contains(site.siteId())) {
            throw PlanetLabException.invalidArgument("site_id_or_login_base: %s is not at site %s; add them with"
                    .formatted(person.email(), site.loginBase()) + " AddPersonToSite first");
        }
        Rows.execute(mutation.db(), "UPDATE person_sites SET is_primary = (site_id = :site) WHERE person_id = :person",
                Map.of("site", site.siteId(), "person", person.personId()));
        mutation.affected(ObjectType.PERSON, person.personId());
        mutation.message("person %s: primary site %s".formatted(person.email(), site.loginBase()));
    }
}
