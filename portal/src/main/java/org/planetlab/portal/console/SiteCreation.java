package org.planetlab.portal.console;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * A new site and its PI, as an operator records them once the site's agreement is signed: AddSite,
 * AddPerson, AddPersonToSite and AddRoleToPerson in one transaction, then the PI is mailed a link
 * to choose a password (ResetPassword), so no password travels through the operator.
 */
public final class SiteCreation {
    private static final Set<String> FIELDS = Set.of("login_base", "name", "abbreviated_name", "url", "latitude",
            "longitude", "email", "first_name", "last_name");

    private final Plc plc;
    private final Supplier<URI> publicUrl;
    private final Actions actions;

    public SiteCreation(Plc plc, Supplier<URI> publicUrl) {
        this.plc = requireNonNull(plc, "plc is null");
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
        this.actions = new Actions(plc);
    }

    public void register(Routes routes) {
        routes.get("/console/sites/new", Routes.Access.SIGNED_IN, request -> page(request, FormErrors.NONE))
                .post("/console/sites/new", Routes.Access.SIGNED_IN, this::create);
    }

    private Reply page(WebRequest request, FormErrors errors) {
        ApiRules.require(request.caller(), "AddSite");
        return Reply.page(errors.isEmpty() ? 200 : 400, "console-site-new.jte", Map.of("frame",
                request.frame("Create a site and its PI"), "form", request.fields(), "errors", errors));
    }

    private Reply create(WebRequest request) {
        Caller caller = request.caller();
        for (String method : List.of("AddSite", "AddPerson", "AddPersonToSite", "AddRoleToPerson")) {
            ApiRules.require(caller, method);
        }
        Map<String, Object> site = new LinkedHashMap<>();
        for (String field : List.of("login_base", "name", "abbreviated_name", "url")) {
            if (!request.field(field).isEmpty()) {
                site.put(field, request.field(field));
            }
        }
        FormErrors errors = FormErrors.NONE;
        Optional<Double> latitude = coordinate(request, "latitude");
        Optional<Double> longitude = coordinate(request, "longitude");
        if (latitude.isEmpty() && !request.field("latitude").isEmpty()) {
            errors = errors.and("latitude", "A latitude is a number of degrees, e.g. 40.35.");
        }
        if (longitude.isEmpty() && !request.field("longitude").isEmpty()) {
            errors = errors.and("longitude", "A longitude is a number of degrees, e.g. -74.66.");
        }
        latitude.ifPresent(value -> site.put("latitude", value));
        longitude.ifPresent(value -> site.put("longitude", value));
        Map<String, Object> person = new LinkedHashMap<>();
        for (String field : List.of("email", "first_name", "last_name")) {
            person.put(field, request.field(field));
        }
        if (!errors.isEmpty()) {
            return page(request, errors);
        }
        String email = request.field("email");
        try {
            ApiRules.check("AddSite", 0, site);
            ApiRules.check("AddPerson", 0, person);
            NewSite named = NewSite.named(request.field("login_base"), request.field("name"),
                    request.field("abbreviated_name"));
            NewSite newSite = new NewSite(named.loginBase(), named.name(), named.abbreviatedName(),
                    Optional.of(request.field("url")).filter(url -> !url.isEmpty()), latitude, longitude,
                    OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty());
            actions.run(caller, "AddSite", List.of(named.loginBase(), email), mutation -> {
                long siteId = plc.sites().addSite(mutation, newSite);
                long personId = plc.persons().addPerson(mutation, new NewPerson(Profile.of(email,
                        request.field("first_name"), request.field("last_name")), Optional.empty(), Optional.of(true)));
                plc.personMemberships().addToSite(mutation, PersonRef.of(personId), SiteRef.of(siteId));
                plc.personMemberships().changeRole(mutation, Role.PI, PersonRef.of(personId), true);
                plc.personMemberships().changeRole(mutation, Role.USER, PersonRef.of(personId), true);
                return siteId;
            });
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.USER_ERROR || e.code().category() == ErrorCategory.CONFLICT) {
                return page(request, FormErrors.from(e, FIELDS));
            }
            throw e;
        }
        try {
            plc.accountVerification().sendPasswordReset(email, key -> publicUrl.get().resolve("/reset/confirm")
                    + "?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        } catch (PlanetLabException e) {
            if (e.code() != ErrorCode.UNAVAILABLE) {
                throw e;
            }
            return Reply.redirect("/console?done=site-created-no-mail");
        }
        return Reply.redirect("/console?done=site-created");
    }

    private static Optional<Double> coordinate(WebRequest request, String field) {
        try {
            return request.field(field).isEmpty() ? Optional.empty()
                    : Optional.of(Double.parseDouble(request.field(field)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
