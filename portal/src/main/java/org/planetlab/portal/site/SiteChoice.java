package org.planetlab.portal.site;

import java.util.ArrayList;
import java.util.List;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.WebRequest;

/** Which of the caller's sites a site page is about, for the pages that PIs, techs and operators share. */
public final class SiteChoice {
    private SiteChoice() {}

    /**
     * The site of the request's {@code site} field if the caller may see it (an operator any, others
     * their own), else the caller's first; refused as the API would when the caller's roles may not
     * call {@code method}, and "not found" for another's site.
     */
    public static SiteDetails chosen(Plc plc, WebRequest request, String method) {
        Caller caller = request.caller();
        ApiRules.require(caller, method);
        long siteId = request.longField("site").orElse(caller.siteIds().isEmpty() ? -1 : caller.siteIds().getFirst());
        if (!caller.isOperator() && !caller.isAtSite(siteId)) {
            throw PlanetLabException.notFound("no site " + siteId + " of " + caller.describe());
        }
        return plc.sites().site(SiteRef.of(siteId)).orElseThrow(() -> PlanetLabException.notFound("no site " + siteId));
    }

    /** The caller's own sites, for a page's site picker. */
    public static List<SiteDetails> own(Plc plc, Caller caller) {
        List<SiteDetails> sites = new ArrayList<>();
        for (long siteId : caller.siteIds()) {
            plc.sites().site(SiteRef.of(siteId)).ifPresent(sites::add);
        }
        return sites;
    }
}
