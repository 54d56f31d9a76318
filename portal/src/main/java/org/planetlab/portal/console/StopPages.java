package org.planetlab.portal.console;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * The big red button at every level: a slice on every node (StopSlice), every slice of a site
 * (StopSiteSlices), every slice on every node (StopAllSlices) and lifting that (ResumeAllSlices).
 * Each first shows what it will stop and asks for a reason and a confirmation; the stop is
 * recorded with both, and PLC's stop service decides who may press which.
 */
public final class StopPages {
    private final Plc plc;
    private final Actions actions;

    public StopPages(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
        this.actions = new Actions(plc);
    }

    /** One press of the button: what it stops, the API method it is, and what it does. */
    private record Press(String path, String method, String title, String warning, String button, String done,
            List<Object> args, Function<String, java.util.function.Consumer<Mutation>> change) {}

    public void register(Routes routes) {
        routes.get("/console/slices/{id}/stop", Routes.Access.SIGNED_IN, request -> confirm(request, slice(request),
                        FormErrors.NONE))
                .post("/console/slices/{id}/stop", Routes.Access.SIGNED_IN, request -> press(request, slice(request)))
                .get("/console/sites/{id}/stop", Routes.Access.SIGNED_IN, request -> confirm(request, site(request),
                        FormErrors.NONE))
                .post("/console/sites/{id}/stop", Routes.Access.SIGNED_IN, request -> press(request, site(request)))
                .get("/console/stop-all", Routes.Access.SIGNED_IN, request -> confirm(request, all(), FormErrors.NONE))
                .post("/console/stop-all", Routes.Access.SIGNED_IN, request -> press(request, all()))
                .get("/console/resume-all", Routes.Access.SIGNED_IN, request -> confirm(request, resume(),
                        FormErrors.NONE))
                .post("/console/resume-all", Routes.Access.SIGNED_IN, request -> press(request, resume()));
    }

    private Press slice(WebRequest request) {
        long sliceId = request.pathId(0);
        ApiRules.require(request.caller(), "StopSlice");
        SliceDetails slice = plc.slices().slice(request.caller(), SliceRef.of(sliceId))
                .orElseThrow(() -> PlanetLabException.notFound("no slice " + sliceId));
        return new Press("/console/slices/" + sliceId + "/stop", "StopSlice", "Stop slice " + slice.name()
                + " everywhere", "Every sliver of " + slice.name() + " stops on every node until the slice is started"
                + " again.", "Stop " + slice.name() + " everywhere", "slice-stopped-everywhere", List.of(sliceId),
                reason -> mutation -> plc.stops().stopSlice(mutation, SliceRef.of(sliceId), Optional.of(reason)));
    }

    private Press site(WebRequest request) {
        long siteId = request.pathId(0);
        ApiRules.require(request.caller(), "StopSiteSlices");
        SiteDetails site = plc.sites().site(SiteRef.of(siteId))
                .orElseThrow(() -> PlanetLabException.notFound("no site " + siteId));
        return new Press("/console/sites/" + siteId + "/stop", "StopSiteSlices", "Stop every slice of "
                + site.name(), "Every slice of " + site.name() + " stops on every node.", "Stop every slice of "
                + site.loginBase(), "site-slices-stopped", List.of(siteId),
                reason -> mutation -> plc.stops().stopSiteSlices(mutation, siteId, reason));
    }

    private Press all() {
        return new Press("/console/stop-all", "StopAllSlices", "Stop every slice on every node",
                "Every sliver on every node stops, and no slice starts again until an operator resumes them.",
                "Stop every slice", "all-stopped", List.of(),
                reason -> mutation -> plc.stops().stopAllSlices(mutation, reason));
    }

    private Press resume() {
        return new Press("/console/resume-all", "ResumeAllSlices", "Resume every slice",
                "The system-wide stop is lifted: slices that were started run again.", "Resume every slice",
                "all-resumed", List.of(), reason -> mutation -> plc.stops().resumeAllSlices(mutation, reason));
    }

    private Reply confirm(WebRequest request, Press press, FormErrors errors) {
        ApiRules.require(request.caller(), press.method());
        return Reply.page(errors.isEmpty() ? 200 : 400, "console-stop.jte", Map.of("frame",
                request.frame(press.title()), "action", press.path(), "warning", press.warning(), "button",
                press.button(), "reason", request.field("reason"), "errors", errors));
    }

    private Reply press(WebRequest request, Press press) {
        String reason = request.field("reason");
        FormErrors errors = FormErrors.NONE;
        if (reason.isEmpty()) {
            errors = errors.and("reason", "Say why: the slices' users and the event log are told.");
        }
        if (!request.field("confirm").equals("yes")) {
            errors = errors.and("confirm", "Tick the box to confirm.");
        }
        if (!errors.isEmpty()) {
            return confirm(request, press, errors);
        }
        try {
            List<Object> args = new java.util.ArrayList<>(press.args());
            args.add(reason);
            actions.apply(request.caller(), press.method(), args, press.change().apply(reason));
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.USER_ERROR || e.code().category() == ErrorCategory.CONFLICT) {
                return confirm(request, press, FormErrors.general(e.getMessage()));
            }
            throw e;
        }
        return Reply.redirect((request.caller().isOperator() ? "/console" : "/site") + "?done=" + press.done());
    }
}
