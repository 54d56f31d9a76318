package org.planetlab.portal.account;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.PersonUpdate;
import org.planetlab.plc.person.Profile;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.security.SignIn;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.Viewer;
import org.planetlab.portal.web.WebRequest;

/**
 * A person changes their e-mail address, which is also their login name (UpdatePerson's email),
 * after confirming with their current password. The address is checked with UpdatePerson's type
 * first, then the password (as a login, under the same throttle), and only then whether another
 * account has it, so the form tells no one without the password which addresses are in use. The
 * person's sessions are bound to the account, not to the address: they keep working, and the
 * next sign-in is with the new address.
 */
final class EmailChange {
    static final String EMAIL = "new_email";
    static final String PASSWORD = "current_password";

    private final Plc plc;
    private final SignIn signIn;
    private final Actions actions;
    private final BiFunction<WebRequest, FormErrors, Reply> profilePage;

    EmailChange(Plc plc, SignIn signIn, Actions actions, BiFunction<WebRequest, FormErrors, Reply> profilePage) {
        this.plc = requireNonNull(plc, "plc is null");
        this.signIn = requireNonNull(signIn, "signIn is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.profilePage = requireNonNull(profilePage, "profilePage is null");
    }

    void register(Routes routes) {
        routes.post("/profile/email", Routes.Access.SIGNED_IN, this::change);
    }

    private Reply change(WebRequest request) {
        Viewer viewer = request.requireViewer();
        String email = request.field(EMAIL);
        String password = request.fields().getOrDefault(PASSWORD, "");
        FormErrors errors = FormErrors.NONE;
        if (email.isEmpty()) {
            errors = errors.and(EMAIL, "Enter your new e-mail address.");
        } else if (email.equalsIgnoreCase(viewer.email())) {
            errors = errors.and(EMAIL, "This is your address already; enter the new one.");
        }
        if (password.isEmpty()) {
            errors = errors.and(PASSWORD, "Enter your current password to confirm the change.");
        }
        if (!errors.isEmpty()) {
            return profilePage.apply(request, errors);
        }
        try {
            ApiRules.check("UpdatePerson", 1, Map.of("email", email));
        } catch (PlanetLabException e) {
            // UpdatePerson's person_fields.email, said beside the form's new_email.
            return profilePage.apply(request, FormErrors.from(e, Set.of("email"), "new_"));
        }
        try {
            signIn.confirmPassword(request.caller(), viewer.email(), password, request.remoteAddress(), "/profile/email");
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.AUTHENTICATION_FAILED || e.code() == ErrorCode.INVALID_ARGUMENT) {
                return profilePage.apply(request, FormErrors.field(PASSWORD, e.getMessage().contains("too many")
                        ? capitalized(e.getMessage()) : "Your current password is wrong; nothing was changed."));
            }
            throw e;
        }
        PersonUpdate update = new PersonUpdate(new Profile(Map.of("email", Optional.of(email))), Optional.empty(),
                Optional.empty());
        try {
            actions.apply(request.caller(), "UpdatePerson", List.of(viewer.personId()),
                    mutation -> plc.persons().updatePerson(mutation, PersonRef.of(viewer.personId()), update));
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.CONFLICT || e.code().category() == ErrorCategory.USER_ERROR) {
                return profilePage.apply(request, FormErrors.field(EMAIL, capitalized(e.getMessage())
                        + "; choose another."));
            }
            throw e;
        }
        return Reply.redirect("/profile?done=email-changed");
    }

    private static String capitalized(String message) {
        return Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
