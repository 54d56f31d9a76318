package org.planetlab.portal.account;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonDetails;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.PersonUpdate;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteFilter;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.security.SignIn;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * Accounts: the front page, signing up at a site (with the address verified by a mailed key),
 * signing in and out, resetting a forgotten password by mail, and one's profile.
 */
public final class AccountPages {
    private static final Set<String> SIGN_UP_FIELDS = Set.of("site", "first_name", "last_name", "email", "password",
            "password_again");
    private static final Set<String> PROFILE_FIELDS = Set.of("first_name", "last_name", "title", "phone", "url", "bio",
            "password", "password_again");

    private final Plc plc;
    private final SignIn signIn;
    private final Supplier<URI> publicUrl;
    private final Actions actions;

    public AccountPages(Plc plc, SignIn signIn, Supplier<URI> publicUrl) {
        this.plc = requireNonNull(plc, "plc is null");
        this.signIn = requireNonNull(signIn, "signIn is null");
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
        this.actions = new Actions(plc);
    }

    public void register(Routes routes) {
        routes.get("/", Routes.Access.ANYONE, this::home)
                .get("/login", Routes.Access.ANYONE, request -> loginPage(request, "", FormErrors.NONE))
                .post("/login", Routes.Access.ANYONE, this::login)
                .post("/logout", Routes.Access.SIGNED_IN, this::logout)
                .get("/signup", Routes.Access.ANYONE, request -> signUpPage(request, FormErrors.NONE))
                .post("/signup", Routes.Access.ANYONE, this::signUp)
                .get("/verify", Routes.Access.ANYONE, request -> verifyPage(request, FormErrors.NONE))
                .post("/verify", Routes.Access.ANYONE, this::verify)
                .get("/reset", Routes.Access.ANYONE, request -> resetRequestPage(request, FormErrors.NONE))
                .post("/reset", Routes.Access.ANYONE, this::requestReset)
                .get("/reset/confirm", Routes.Access.ANYONE, request -> resetPage(request, FormErrors.NONE))
                .post("/reset/confirm", Routes.Access.ANYONE, this::reset)
                .get("/profile", Routes.Access.SIGNED_IN, request -> profilePage(request, FormErrors.NONE))
                .post("/profile", Routes.Access.SIGNED_IN, this::saveProfile);
        new EmailChange(plc, signIn, actions, this::profilePage).register(routes);
    }

    private Reply home(WebRequest request) {
        if (request.viewer().isPresent()) {
            return Reply.redirect("/slices");
        }
        return Reply.page("home.jte", Map.of("frame", request.frame("Welcome")));
    }

    private Reply loginPage(WebRequest request, String email, FormErrors errors) {
        return Reply.page(errors.isEmpty() ? 200 : 400, "login.jte",
                Map.of("frame", request.frame("Sign in"), "email", email, "errors", errors));
    }

    private Reply login(WebRequest request) {
        String email = request.field("email");
        if (email.isEmpty() || request.fields().getOrDefault("password", "").isEmpty()) {
            FormErrors errors = email.isEmpty() ? FormErrors.field("email", "Enter your e-mail address.")
                    : FormErrors.field("password", "Enter your password.");
            return loginPage(request, email, errors);
        }
        try {
            return new Reply.SignedIn("/slices", signIn.login(email, request.fields().get("password"),
                    request.remoteAddress()));
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.AUTHENTICATION_FAILED || e.code() == ErrorCode.INVALID_ARGUMENT
                    || e.code() == ErrorCode.PERMISSION_DENIED) {
                return loginPage(request, email, FormErrors.general(loginMessage(e)));
            }
            throw e;
        }
    }

    private static String loginMessage(PlanetLabException e) {
        String message = e.getMessage();
        if (message.startsWith("no account") || e.code() == ErrorCode.INVALID_ARGUMENT) {
            return "The e-mail address or the password is wrong.";
        }
        return Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
    }

    private Reply logout(WebRequest request) {
        signIn.logout(request.caller());
        return new Reply.SignedOut("/login?done=signed-out");
    }

    private Reply signUpPage(WebRequest request, FormErrors errors) {
        List<SiteDetails> sites = plc.sites().sites(SiteFilter.all(1000).enabled(true));
        return Reply.page(errors.isEmpty() ? 200 : 400, "signup.jte", Map.of("frame", request.frame("Sign up"),
                "sites", sites, "form", request.fields(), "errors", errors));
    }

    private Reply signUp(WebRequest request) {
        ApiRules.require(Caller.ANONYMOUS, "RegisterPerson");
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name : List.of("email", "first_name", "last_name")) {
            fields.put(name, request.field(name));
        }
        String password = request.fields().getOrDefault("password", "");
        fields.put("password", password);
        FormErrors errors = FormErrors.NONE;
        if (!password.equals(request.fields().getOrDefault("password_again", ""))) {
            errors = errors.and("password_again", "The two passwords differ.");
        }
        if (request.longField("site").isEmpty()) {
            errors = errors.and("site", "Choose your site.");
        }
        try {
            ApiRules.check("RegisterPerson", 0, fields);
        } catch (PlanetLabException e) {
            FormErrors found = FormErrors.from(e, SIGN_UP_FIELDS);
            errors = found.general().isPresent() ? new FormErrors(errors.byField(), found.general())
                    : errors.and(found.byField().keySet().iterator().next(), found.byField().values().iterator().next());
        }
        if (!errors.isEmpty()) {
            return signUpPage(request, errors);
        }
        NewPerson person = new NewPerson(Profile.of(request.field("email"), request.field("first_name"),
                request.field("last_name")), Optional.of(password), Optional.empty());
        long personId;
        try {
            personId = actions.run(Caller.ANONYMOUS, "RegisterPerson", List.of(request.field("email")),
                    mutation -> plc.persons().registerPerson(mutation, person,
                            SiteRef.of(request.longField("site").getAsLong())));
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.ALREADY_EXISTS) {
                return signUpPage(request, FormErrors.field("email", "An account with this address exists already;"
                        + " sign in, or reset its password."));
            }
            if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.INVALID_ARGUMENT) {
                return signUpPage(request, FormErrors.from(e, SIGN_UP_FIELDS));
            }
            throw e;
        }
        plc.accountVerification().sendVerification(personId, key -> link("/verify", key));
        return Reply.redirect("/login?done=signed-up");
    }

    /** A link to a page of the portal carrying a mailed key, at the portal's configured address. */
    private String link(String path, String key) {
        return publicUrl.get().resolve(path) + "?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** Opening the mailed link shows a button: mail scanners that follow links change nothing. */
    private Reply verifyPage(WebRequest request, FormErrors errors) {
        return Reply.page(errors.isEmpty() ? 200 : 400, "verify.jte", Map.of("frame",
                request.frame("Verify your address"), "key", request.field("key"), "errors", errors));
    }

    private Reply verify(WebRequest request) {
        try {
            plc.accountVerification().verify(request.field("key"));
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.AUTHENTICATION_FAILED || e.code() == ErrorCode.ALREADY_EXISTS) {
                return verifyPage(request, FormErrors.general(e.getMessage()));
            }
            throw e;
        }
        return Reply.redirect("/login?done=verified");
    }

    private Reply resetRequestPage(WebRequest request, FormErrors errors) {
        return Reply.page(errors.isEmpty() ? 200 : 400, "reset-request.jte", Map.of("frame",
                request.frame("Reset your password"), "email", request.field("email"), "errors", errors));
    }

    private Reply requestReset(WebRequest request) {
        String email = request.field("email");
        if (email.isEmpty() || !email.contains("@")) {
            return resetRequestPage(request, FormErrors.field("email", "Enter the e-mail address of your account."));
        }
        plc.accountVerification().sendPasswordReset(email, key -> link("/reset/confirm", key));
        return Reply.redirect("/login?done=reset-sent");
    }

    private Reply resetPage(WebRequest request, FormErrors errors) {
        String key = request.field("key");
        boolean works = plc.accountVerification().resetKeyWorks(key);
        return Reply.page(errors.isEmpty() && works ? 200 : 400, "reset.jte", Map.of("frame",
                request.frame("Choose a new password"), "key", key, "works", works, "errors", errors));
    }

    private Reply reset(WebRequest request) {
        String password = request.fields().getOrDefault("password", "");
        if (!password.equals(request.fields().getOrDefault("password_again", ""))) {
            return resetPage(request, FormErrors.field("password_again", "The two passwords differ."));
        }
        try {
            plc.accountVerification().resetPassword(request.field("key"), password);
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                return resetPage(request, FormErrors.field("password", e.getMessage()));
            }
            if (e.code() == ErrorCode.AUTHENTICATION_FAILED) {
                return resetPage(request, FormErrors.general(e.getMessage()));
            }
            throw e;
        }
        return Reply.redirect("/login?done=password-reset");
    }

    private Reply profilePage(WebRequest request, FormErrors errors) {
        long me = request.requireViewer().personId();
        Map<String, String> form = new LinkedHashMap<>(request.fields());
        PersonDetails person = plc.persons().person(request.caller(), PersonRef.of(me)).orElseThrow();
        // A refused profile form comes back as typed; after any other form the names are the stored ones.
        if (errors.isEmpty() || !form.containsKey("first_name")) {
            form.put("first_name", person.firstName());
            form.put("last_name", person.lastName());
        }
        return Reply.page(errors.isEmpty() ? 200 : 400, "profile.jte", Map.of("frame", request.frame("Your profile"),
                "form", form, "email", request.requireViewer().email(), "errors", errors));
    }

    private Reply saveProfile(WebRequest request) {
        long me = request.requireViewer().personId();
        Map<String, Object> wire = new LinkedHashMap<>();
        Map<String, Optional<String>> profile = new LinkedHashMap<>();
        for (String name : List.of("first_name", "last_name")) {
            wire.put(name, request.field(name));
            profile.put(name, Optional.of(request.field(name)));
        }
        for (String name : List.of("title", "phone", "url", "bio")) {
            if (!request.field(name).isEmpty()) {
                wire.put(name, request.field(name));
                profile.put(name, Optional.of(request.field(name)));
            }
        }
        String password = request.fields().getOrDefault("password", "");
        if (!password.isEmpty()) {
            if (!password.equals(request.fields().getOrDefault("password_again", ""))) {
                return profilePage(request, FormErrors.field("password_again", "The two passwords differ."));
            }
            wire.put("password", password);
        }
        try {
            ApiRules.check("UpdatePerson", 1, wire);
            PersonUpdate update = new PersonUpdate(new Profile(profile),
                    password.isEmpty() ? Optional.empty() : Optional.of(password), Optional.empty());
            actions.apply(request.caller(), "UpdatePerson", List.of(me),
                    mutation -> plc.persons().updatePerson(mutation, PersonRef.of(me), update));
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                return profilePage(request, FormErrors.from(e, PROFILE_FIELDS));
            }
            throw e;
        }
        return Reply.redirect("/profile?done=profile-saved");
    }
}
