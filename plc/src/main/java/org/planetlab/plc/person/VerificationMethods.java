package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.mail.MailMessage;
import org.planetlab.plc.mail.Mailer;

/**
 * VerifyPerson and ResetPassword as PLCAPI had them: an operator's calls (the original web site
 * made them) over {@link AccountVerification}, whose keys work once and only for their person.
 * With a key, ResetPassword sets a random password and mails it, as the original did. Both run
 * their changes in the service's own transactions, so the methods themselves open none.
 */
public final class VerificationMethods {
    private static final int NEW_PASSWORD_BYTES = 32;

    private final AccountVerification verification;
    private final Mailer mailer;
    private final SecureRandom random;
    private final Function<String, String> verifyLink;
    private final Function<String, String> resetLink;

    /**
     * @param portal the portal's public address, if known: mailed keys are then links to its pages,
     *     otherwise the keys themselves
     */
    public VerificationMethods(AccountVerification verification, Mailer mailer, SecureRandom random,
            Optional<String> portal) {
        this.verification = requireNonNull(verification, "verification is null");
        this.mailer = requireNonNull(mailer, "mailer is null");
        this.random = requireNonNull(random, "random is null");
        this.verifyLink = link(portal, "/verify");
        this.resetLink = link(portal, "/reset/confirm");
    }

    public void register(MethodRegistry registry) {
        registry.bind("VerifyPerson", this::verifyPerson)
                .bind("ResetPassword", this::resetPassword);
    }

    private Object verifyPerson(Call call) {
        Persons.PersonRecord person = Persons.require(call.db(), call.arg(0));
        String key = call.stringArg(1);
        if (key == null) {
            if (person.enabled()) {
                throw PlanetLabException.invalidArgument("account %s must be new (disabled) to be verified"
                        .formatted(person.email()));
            }
            long expires = call.arg(2) == null ? call.now() + AccountVerification.VERIFY_SECONDS : call.longArg(2);
            verification.sendVerification(person.personId(), verifyLink, expires);
            return 1L;
        }
        requireKeyOf(person, key, AccountTokens.Purpose.VERIFY);
        verification.verify(key);
        return 1L;
    }

    private Object resetPassword(Call call) {
        Persons.PersonRecord person = Persons.require(call.db(), call.arg(0));
        if (!person.enabled()) {
            throw PlanetLabException.invalidArgument("account %s must be enabled to reset its password"
                    .formatted(person.email()));
        }
        if (person.roles().contains(Role.ADMIN)) {
            throw PlanetLabException.invalidArgument("cannot reset operators' passwords (account %s); an operator"
                    .formatted(person.email()) + " changes its own with UpdatePerson");
        }
        String key = call.stringArg(1);
        if (key == null) {
            long expires = call.arg(2) == null ? call.now() + AccountVerification.RESET_SECONDS : call.longArg(2);
            verification.sendPasswordReset(person.email(), resetLink, expires);
            return 1L;
        }
        requireKeyOf(person, key, AccountTokens.Purpose.RESET);
        byte[] bytes = new byte[NEW_PASSWORD_BYTES];
        random.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        verification.resetPassword(key, password);
        mailer.send(new MailMessage(List.of(person.email()), "PlanetLab: your new password",
                """
                The password of the PlanetLab account %s was reset, as asked. The new password is:

                %s

                Sign in with it and change it. All sessions of the account were ended.
                """.formatted(person.email(), password)));
        return 1L;
    }

    /** Refuses a key that is not a key of this kind for this person, before anything changes. */
    private static void requireKeyOf(Persons.PersonRecord person, String key, AccountTokens.Purpose purpose) {
        boolean forPerson = AccountTokens.parse(key, purpose).map(parsed -> parsed.personId() == person.personId())
                .orElse(false);
        if (!forPerson) {
            throw PlanetLabException.permissionDenied("verification key incorrect for account " + person.email());
        }
    }

    private static Function<String, String> link(Optional<String> portal, String path) {
        return portal.<Function<String, String>>map(base -> key -> base.replaceAll("/+$", "") + path + "?key="
                        + URLEncoder.encode(key, StandardCharsets.UTF_8))
                .orElse(key -> "verification key: " + key);
    }
}
