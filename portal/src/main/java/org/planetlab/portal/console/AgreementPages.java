package org.planetlab.portal.console;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.agreement.SiteAgreement;
import org.planetlab.plc.agreement.SiteAgreementService;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * Sites' hosting agreements in the console: the sites still without one, a form to record the
 * one a site signed (RecordSiteAgreement), and the agreements in force, each of which an operator
 * may revoke after confirming (RevokeSiteAgreement). A site's PI creates slices only while its
 * site has one.
 */
public final class AgreementPages {
    private static final Set<String> FIELDS = Set.of("site", "signed_by", "version");

    private final Plc plc;
    private final Actions actions;

    public AgreementPages(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
        this.actions = new Actions(plc);
    }

    public void register(Routes routes) {
        routes.get("/console/agreements", Routes.Access.SIGNED_IN, request -> page(request, FormErrors.NONE))
                .post("/console/agreements", Routes.Access.SIGNED_IN, this::record)
                .get("/console/agreements/{id}/revoke", Routes.Access.SIGNED_IN,
                        request -> revokePage(request, agreement(request), FormErrors.NONE))
                .post("/console/agreements/{id}/revoke", Routes.Access.SIGNED_IN, this::revoke);
    }

    /** The agreement in force of the site of the request's path; for operators only. */
    private SiteAgreement agreement(WebRequest request) {
        ApiRules.require(request.caller(), "RevokeSiteAgreement");
        long siteId = request.pathId(0);
        return plc.database().read(handle -> SiteAgreementService.find(handle, siteId))
                .orElseThrow(() -> PlanetLabException.notFound("site " + siteId + " has no agreement to revoke"));
    }

    private Reply revokePage(WebRequest request, SiteAgreement agreement, FormErrors errors) {
        return Reply.page(errors.isEmpty() ? 200 : 400, "console-agreement-revoke.jte", Map.of("frame",
                request.frame("Revoke the agreement of " + agreement.loginBase()), "agreement", agreement,
                "errors", errors));
    }

    /** RevokeSiteAgreement, once the operator ticked the box; without it nothing changes. */
    private Reply revoke(WebRequest request) {
        SiteAgreement agreement = agreement(request);
        if (!request.field("confirm").equals("yes")) {
            return revokePage(request, agreement, FormErrors.field("confirm",
                    "Tick the box to confirm that " + agreement.loginBase() + "'s agreement is revoked."));
        }
        try {
            actions.apply(request.caller(), "RevokeSiteAgreement", List.of(agreement.siteId()),
                    mutation -> plc.siteAgreements().revoke(mutation, agreement.siteId()));
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.USER_ERROR || e.code().category() == ErrorCategory.CONFLICT) {
                return revokePage(request, agreement, FormErrors.general(e.getMessage()));
            }
            throw e;
        }
        return Reply.redirect("/console/agreements?done=agreement-revoked");
    }

    private Reply page(WebRequest request, FormErrors errors) {
        ApiRules.require(request.caller(), "RecordSiteAgreement");
        Map<Long, String> without = plc.database().read(SiteAgreementService::sitesWithout);
        List<SiteAgreement> inForce = plc.database().read(handle ->
                plc.siteAgreements().agreements(handle, request.caller(), List.of()));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", request.frame("Site agreements"));
        parameters.put("without", without);
        parameters.put("agreements", inForce);
        parameters.put("form", request.fields());
        parameters.put("errors", errors);
        return Reply.page(errors.isEmpty() ? 200 : 400, "console-agreements.jte", parameters);
    }

    private Reply record(WebRequest request) {
        ApiRules.require(request.caller(), "RecordSiteAgreement");
        FormErrors errors = FormErrors.NONE;
        for (Map.Entry<String, String> required : Map.of("site", "Choose the site.", "signed_by",
                "Give the e-mail address of the person who signed for the site, normally its PI.", "version",
                "Give the version of the agreement's text, e.g. 2026-1.").entrySet()) {
            if (request.field(required.getKey()).isEmpty()) {
                errors = errors.and(required.getKey(), required.getValue());
            }
        }
        if (!errors.isEmpty()) {
            return page(request, errors);
        }
        String site = request.field("site");
        String signedBy = request.field("signed_by");
        String version = request.field("version");
        try {
            ApiRules.check("RecordSiteAgreement", 1, Map.of("signed_by", signedBy, "version", version));
            actions.apply(request.caller(), "RecordSiteAgreement", List.of(site, version),
                    mutation -> plc.siteAgreements().record(mutation, site, signedBy, version));
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.USER_ERROR || e.code().category() == ErrorCategory.NOT_FOUND) {
                return page(request, FormErrors.from(e, FIELDS));
            }
            throw e;
        }
        return Reply.redirect("/console/agreements?done=agreement-recorded");
    }
}
