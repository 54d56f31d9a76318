package org.planetlab.portal.site;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.Plc;
import org.planetlab.plc.agreement.SiteAgreementService;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.PersonDetails;
import org.planetlab.plc.person.PersonFilter;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.site.SiteUpdate;
import org.planetlab.plc.slice.SliceFilter;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.slice.SliceRow;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * A PI's site: accounts waiting for approval (approve or reject), the site's people and their
 * roles, and the site's slices. The page is the PI's (or an operator's); PLC's services decide,
 * for each account, whether this PI may approve or remove it.
 */
public final class SitePages {
    private final Plc plc;
    private final Actions actions;

    public SitePages(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
        this.actions = new Actions(plc);
    }

    public void register(Routes routes) {
        routes.get("/site", Routes.Access.SIGNED_IN, this::page)
                .post("/site/people/{id}/approve", Routes.Access.SIGNED_IN, this::approve)
                .post("/site/people/{id}/reject", Routes.Access.SIGNED_IN, this::reject)
                .post("/site/people/{id}/roles", Routes.Access.SIGNED_IN, this::changeRoles)
                .post("/site/edit", Routes.Access.SIGNED_IN, this::edit);
    }

    private SiteDetails site(WebRequest request) {
        return SiteChoice.chosen(plc, request, "ApprovePerson");
    }

    private Reply page(WebRequest request) {
        return page(request, FormErrors.NONE);
    }

    private Reply page(WebRequest request, FormErrors errors) {
        Caller caller = request.caller();
        SiteDetails site = site(request);
        List<PersonRow> pending = new ArrayList<>();
        List<PersonRow> people = new ArrayList<>();
        for (PersonDetails person : plc.persons().persons(caller, PersonFilter.all(1000).atSite(site.siteId()))) {
            List<String> roleNames = person.roles().stream().map(Role::wireName).sorted().toList();
            PersonRow row = new PersonRow(person.personId(), person.firstName() + " " + person.lastName(),
                    person.email(), String.join(", ", roleNames), roleNames,
                    person.enabled() || plc.accountVerification().isVerified(person.personId()));
            (person.enabled() ? people : pending).add(row);
        }
        List<SliceRow> slices = plc.slices().slices(caller, SliceFilter.all(1000).atSite(site.siteId())).stream()
                .map(slice -> SliceRow.of(slice, plc.mutations().now())).toList();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", request.frame("Site " + site.name()));
        parameters.put("site", site);
        parameters.put("sites", SiteChoice.own(plc, caller));
        parameters.put("pending", pending);
        parameters.put("people", people);
        parameters.put("slices", slices);
        parameters.put("agreement", plc.database().read(handle -> SiteAgreementService.find(handle, site.siteId())));
        parameters.put("mayCreateSlices", ApiRules.may(caller, "AddSlice"));
        parameters.put("mayEdit", ApiRules.may(caller, "UpdateSite"));
        parameters.put("errors", errors);
        parameters.put("entered", SiteForm.entered(plc, request, site));
        parameters.put("mayChangeLimits", SiteForm.mayChangeLimits(request));
        parameters.put("grantable", ApiRules.may(caller, "AddRoleToPerson") ? RoleChanges.grantable(caller) : List.of());
        return Reply.page(errors.isEmpty() ? 200 : 400, "site.jte", parameters);
    }

    /**
     * UpdateSite by the site's PI (or an operator): names, web page, coordinates, subnets, and
     * for operators the limits; an emptied optional field is removed, an emptied required one is
     * refused beside its field and nothing is changed.
     */
    private Reply edit(WebRequest request) {
        SiteDetails site = site(request);
        FormErrors missing = SiteForm.missing(request);
        if (!missing.isEmpty()) {
            return page(request, missing);
        }
        try {
            SiteUpdate update = SiteForm.update(request).orElse(null);
            if (update == null) {
                return page(request, FormErrors.field("name", "Change at least one of the site's fields."));
            }
            actions.apply(request.caller(), "UpdateSite", List.of(site.siteId()),
                    mutation -> plc.sites().updateSite(mutation, SiteRef.of(site.siteId()), update));
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.USER_ERROR) {
                return page(request, FormErrors.from(e, Set.copyOf(SiteForm.FIELDS)));
            }
            throw e;
        }
        return Reply.redirect("/site?site=" + site.siteId() + "&done=site-saved");
    }

    private Reply approve(WebRequest request) {
        long personId = request.pathId(0);
        actions.apply(request.caller(), "ApprovePerson", List.of(personId),
                mutation -> plc.persons().approvePerson(mutation, PersonRef.of(personId)));
        return Reply.redirect("/site?site=" + site(request).siteId() + "&done=person-approved");
    }

    /**
     * The role form of one person: each box of a role the viewer may grant that was ticked and is
     * not held is AddRoleToPerson, each held one left unticked is DeleteRoleFromPerson, each its
     * own change as through the API.
     */
    private Reply changeRoles(WebRequest request) {
        SiteDetails site = site(request);
        long personId = request.pathId(0);
        PersonDetails person = plc.persons().person(request.caller(), PersonRef.of(personId)).orElseThrow(() ->
                PlanetLabException.notFound("no person " + personId));
        RoleChanges changes = RoleChanges.between(request.caller(), person.roles(), request.fieldValues("role"));
        changes.run(actions, plc.personMemberships(), request.caller(), PersonRef.of(personId));
        return Reply.redirect("/site?site=" + site.siteId() + "&done=" + (changes.isEmpty() ? "roles-unchanged"
                : "roles-saved") + "#people");
    }

    /** Rejecting an account that waits for approval removes it, as DeletePerson does. */
    private Reply reject(WebRequest request) {
        long personId = request.pathId(0);
        PersonDetails person = plc.persons().person(request.caller(), PersonRef.of(personId)).orElseThrow(() ->
                PlanetLabException.notFound("no person " + personId));
        if (person.enabled()) {
            throw PlanetLabException.invalidArgument("the account of " + person.email()
                    + " is approved already; only accounts waiting for approval are rejected here");
        }
        actions.apply(request.caller(), "DeletePerson", List.of(personId),
                mutation -> plc.persons().deletePerson(mutation, PersonRef.of(personId)));
        return Reply.redirect("/site?site=" + site(request).siteId() + "&done=person-rejected");
    }
}
