package org.planetlab.portal.slice;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.slice.SliceApi;
import org.planetlab.api.sliver.SliverStateApi;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.authority.IssuedTicket;
import org.planetlab.plc.authority.TicketRequest;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeFilter;
import org.planetlab.plc.person.PersonDetails;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceFilter;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.slice.SliceService;
import org.planetlab.plc.slice.SliceUpdate;
import org.planetlab.plc.slice.Slices;
import org.planetlab.plc.sliver.state.SliverState;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * A researcher's slices: the list, creating one (where the site lets the person), and each
 * slice's page: its slivers with their status and SSH command, renewal within the cap, start and
 * stop, its users, deletion. Only those who may manage a slice (its users, its site's PIs,
 * operators) reach its page; for anyone else it does not exist.
 */
public final class SlicePages {
    private static final Set<String> NEW_SLICE_FIELDS = Set.of("site", "name", "description", "url");

    private final Plc plc;
    private final Clock clock;
    private final Actions actions;
    private final SliceAttributePages attributePages;

    public SlicePages(Plc plc, Clock clock) {
        this.plc = requireNonNull(plc, "plc is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.actions = new Actions(plc);
        this.attributePages = new SliceAttributePages(plc, actions, this::page);
    }

    public void register(Routes routes) {
        routes.get("/slices", Routes.Access.SIGNED_IN, this::list)
                .get("/slices/new", Routes.Access.SIGNED_IN, request -> newPage(request, FormErrors.NONE))
                .post("/slices/new", Routes.Access.SIGNED_IN, this::create)
                .get("/slices/{id}", Routes.Access.SIGNED_IN, request -> page(request, FormErrors.NONE))
                .post("/slices/{id}/renew", Routes.Access.SIGNED_IN, this::renew)
                .post("/slices/{id}/ticket", Routes.Access.SIGNED_IN, this::ticket)
                .post("/slices/{id}/start", Routes.Access.SIGNED_IN, request -> startOrStop(request, true))
                .post("/slices/{id}/stop", Routes.Access.SIGNED_IN, request -> startOrStop(request, false))
                .post("/slices/{id}/delete", Routes.Access.SIGNED_IN, this::delete)
                .post("/slices/{id}/users", Routes.Access.SIGNED_IN, this::addUser)
                .post("/slices/{id}/users/{id}/remove", Routes.Access.SIGNED_IN, this::removeUser);
        attributePages.register(routes);
        new SliceNodePages(plc, actions).register(routes);
        new UsagePages(plc).register(routes);
        new LeasePages(plc, clock, actions).register(routes);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private Reply list(WebRequest request) {
        Caller caller = request.caller();
        ApiRules.require(caller, "GetSlices");
        List<SliceRow> slices = plc.slices().slices(caller, SliceFilter.all(1000)
                .withUser(request.requireViewer().personId())).stream().map(slice -> SliceRow.of(slice, now())).toList();
        return Reply.page("slices.jte", Map.of("frame", request.frame("Your slices"), "slices", slices,
                "mayCreate", ApiRules.may(caller, "AddSlice")));
    }

    private List<SiteDetails> ownSites(Caller caller) {
        List<SiteDetails> sites = new ArrayList<>();
        for (long siteId : caller.siteIds()) {
            plc.sites().site(SiteRef.of(siteId)).ifPresent(sites::add);
        }
        return sites;
    }

    private Reply newPage(WebRequest request, FormErrors errors) {
        ApiRules.require(request.caller(), "AddSlice");
        return Reply.page(errors.isEmpty() ? 200 : 400, "slice-new.jte", Map.of("frame",
                request.frame("Create a slice"), "sites", ownSites(request.caller()), "form", request.fields(),
                "errors", errors));
    }

    private Reply create(WebRequest request) {
        Caller caller = request.caller();
        Optional<SiteDetails> site = ownSites(caller).stream()
                .filter(candidate -> candidate.loginBase().equals(request.field("site"))).findFirst();
        if (site.isEmpty()) {
            return newPage(request, FormErrors.field("site", "Choose one of your sites."));
        }
        String name = site.get().loginBase() + "_" + request.field("name");
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", name);
        wire.put("description", request.field("description"));
        wire.put("url", request.field("url"));
        long sliceId;
        try {
            ApiRules.check("AddSlice", 0, wire);
            NewSlice slice = NewSlice.described(name, request.field("description"), request.field("url"));
            sliceId = actions.run(caller, "AddSlice", List.of(name), mutation ->
                    plc.slices().createSlice(mutation, slice, SliceService.Creation.ADD));
        } catch (PlanetLabException e) {
            if (e.code().category() != ErrorCategory.INTERNAL) {
                return newPage(request, FormErrors.from(e, NEW_SLICE_FIELDS));
            }
            throw e;
        }
        return Reply.redirect("/slices/" + sliceId + "?done=slice-created");
    }

    /** The slice of the request's path, if the caller may manage it; otherwise it is not found. */
    static SliceDetails managedSlice(Plc plc, WebRequest request) {
        long sliceId = request.pathId(0);
        Caller caller = request.caller();
        ApiRules.require(caller, "GetSlices");
        boolean manages = plc.database().read(handle -> Slices.find(handle, sliceId)
                .filter(slice -> Slices.mayManage(handle, caller, slice)).isPresent());
        if (!manages) {
            throw PlanetLabException.notFound("no slice " + sliceId + " that " + caller.describe() + " manages");
        }
        return plc.slices().slice(caller, SliceRef.of(sliceId)).orElseThrow(() ->
                PlanetLabException.notFound("no slice " + sliceId));
    }

    private Reply page(WebRequest request, FormErrors errors) {
        Caller caller = request.caller();
        SliceDetails slice = managedSlice(plc, request);
        Map<Long, String> siteNames = new LinkedHashMap<>();
        Map<Long, SliverState> reported = new HashMap<>();
        if (ApiRules.may(caller, SliverStateApi.GET_SLIVER_STATES)) {
            plc.database().read(handle -> plc.sliverStates().ofSlice(handle, caller, slice.sliceId()))
                    .forEach(state -> reported.put(state.nodeId(), state));
        }
        List<SliverRow> slivers = new ArrayList<>();
        for (NodeDetails node : plc.nodes().nodes(NodeFilter.all(1000).runningSlice(slice.sliceId()))) {
            String site = siteNames.computeIfAbsent(node.siteId(), id -> plc.sites().site(SiteRef.of(id))
                    .map(SiteDetails::name).orElse("site " + id));
            NodeReport report = NodeReport.of(Optional.ofNullable(reported.get(node.nodeId())), now());
            slivers.add(SliverRow.of(slice, node, site, report, now()));
        }
        List<PersonDetails> users = new ArrayList<>();
        for (long personId : plc.database().read(handle -> plc.sliceMembership().users(handle, caller,
                SliceRef.of(slice.sliceId())))) {
            plc.persons().person(caller, PersonRef.of(personId)).ifPresent(users::add);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", request.frame("Slice " + slice.name()));
        parameters.put("slice", SliceRow.of(slice, now()));
        parameters.put("details", slice);
        parameters.put("slivers", slivers);
        parameters.put("users", users);
        parameters.put("mayManageUsers", ApiRules.may(caller, "AddPersonToSlice"));
        parameters.put("attributes", attributePages.attributes(slice.sliceId()));
        parameters.put("settable", attributePages.settable(caller));
        parameters.put("mayRemoveAttributes", ApiRules.may(caller, "DeleteSliceTag"));
        parameters.put("errors", errors);
        parameters.put("maxRenewalWeeks", SliceApi.MAX_RENEWAL_SECONDS / (7 * 24 * 3600));
        return Reply.page(errors.isEmpty() ? 200 : 400, "slice.jte", parameters);
    }

    private Reply renew(WebRequest request) {
        SliceDetails slice = managedSlice(plc, request);
        long weeks = request.longField("weeks").orElse(0);
        if (weeks < 1 || weeks > SliceApi.MAX_RENEWAL_SECONDS / (7 * 24 * 3600)) {
            return page(request, FormErrors.field("weeks", "Choose how many weeks from now, 1 to 8."));
        }
        long expires = now() + weeks * 7 * 24 * 3600;
        try {
            actions.apply(request.caller(), "UpdateSlice", List.of(slice.sliceId(), expires), mutation ->
                    plc.slices().updateSlice(mutation, SliceRef.of(slice.sliceId()), SliceUpdate.renewal(expires)));
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.USER_ERROR) {
                return page(request, FormErrors.field("weeks", e.getMessage()));
            }
            throw e;
        }
        return Reply.redirect("/slices/" + slice.sliceId() + "?done=slice-renewed");
    }

    /**
     * GetSliceTicket: a ticket for the slice on its nodes, signed by PLC, saved as a file. A
     * refusal (a stopped slice, no enabled user, no node) is said beside the button.
     */
    private Reply ticket(WebRequest request) {
        SliceDetails slice = managedSlice(plc, request);
        try {
            IssuedTicket ticket = actions.run(request.caller(), "GetSliceTicket", List.of(slice.sliceId()), mutation ->
                    plc.authority().sliceTicket(mutation, SliceRef.of(slice.sliceId()), TicketRequest.forSliceNodes()));
            return new Reply.Download(slice.name() + ".ticket.xml", "application/xml; charset=utf-8",
                    ticket.xml().getBytes(StandardCharsets.UTF_8));
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.USER_ERROR || e.code().category() == ErrorCategory.PERMISSION) {
                return page(request, FormErrors.field("ticket", e.getMessage()));
            }
            throw e;
        }
    }

    private Reply startOrStop(WebRequest request, boolean start) {
        SliceDetails slice = managedSlice(plc, request);
        SliceRef ref = SliceRef.of(slice.sliceId());
        if (start) {
            actions.apply(request.caller(), "StartSlice", List.of(slice.sliceId()),
                    mutation -> plc.slices().startSlice(mutation, ref));
        } else {
            actions.apply(request.caller(), "StopSlice", List.of(slice.sliceId()),
                    mutation -> plc.slices().stopSlice(mutation, ref));
        }
        return Reply.redirect("/slices/" + slice.sliceId() + "?done=" + (start ? "slice-started" : "slice-stopped"));
    }

    private Reply delete(WebRequest request) {
        SliceDetails slice = managedSlice(plc, request);
        if (!request.field("confirm").equals(slice.name())) {
            return page(request, FormErrors.field("confirm", "Type the slice's name, " + slice.name()
                    + ", to delete it."));
        }
        actions.apply(request.caller(), "DeleteSlice", List.of(slice.sliceId()),
                mutation -> plc.slices().deleteSlice(mutation, SliceRef.of(slice.sliceId())));
        return Reply.redirect("/slices?done=slice-deleted");
    }

    private Reply addUser(WebRequest request) {
        SliceDetails slice = managedSlice(plc, request);
        String email = request.field("email");
        if (email.isEmpty()) {
            return page(request, FormErrors.field("email", "Enter the e-mail address of the person to add."));
        }
        try {
            actions.apply(request.caller(), "AddPersonToSlice", List.of(email, slice.sliceId()), mutation ->
                    plc.sliceMembership().changePerson(mutation, "AddPersonToSlice", PersonRef.of(email),
                            SliceRef.of(slice.sliceId()), true));
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.NOT_FOUND || e.code().category() == ErrorCategory.USER_ERROR) {
                return page(request, FormErrors.field("email", "No account has this address."));
            }
            throw e;
        }
        return Reply.redirect("/slices/" + slice.sliceId() + "?done=user-added");
    }

    private Reply removeUser(WebRequest request) {
        SliceDetails slice = managedSlice(plc, request);
        long personId = request.pathId(1);
        actions.apply(request.caller(), "DeletePersonFromSlice", List.of(personId, slice.sliceId()), mutation ->
                plc.sliceMembership().changePerson(mutation, "DeletePersonFromSlice", PersonRef.of(personId),
                        SliceRef.of(slice.sliceId()), false));
        return Reply.redirect("/slices/" + slice.sliceId() + "?done=user-removed");
    }
}
