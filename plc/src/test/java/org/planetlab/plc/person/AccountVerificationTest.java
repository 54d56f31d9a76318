package org.planetlab.plc.person;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.RequestContext;
import org.planetlab.plc.mail.MailMessage;
import org.planetlab.plc.mail.Mailer;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** VerifyPerson and ResetPassword by mailed keys: each key works for its purpose and person only. */
class AccountVerificationTest {
    private final List<MailMessage> sent = new ArrayList<>();
    private final Mailer mailer = new Mailer() {
        @Override
        public void send(MailMessage message) {
            sent.add(message);
        }

        @Override
        public Optional<String> supportAddress() {
            return Optional.empty();
        }
    };

    @TempDir
    Path directory;
    private TestingPlc testing;
    private AccountVerification accounts;
    private long applicant;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        var plc = testing.plc();
        accounts = AccountVerification.create(plc.mutations(), plc.database(), plc.passwords(), mailer,
                directory.resolve("keys.secret"), new SecureRandom());
        long siteId = plc.sites().addSite(Caller.INTERNAL, NewSite.named("verify", "Verify U", "Verify"));
        long pi = plc.persons().addPerson(Caller.INTERNAL, new NewPerson(Profile.of("pi@verify.org", "P", "I"),
                Optional.of("pi-password-1"), Optional.of(true)));
        plc.personMemberships().addToSite(Caller.INTERNAL, PersonRef.of(pi), SiteRef.of(siteId));
        plc.personMemberships().addRole(Caller.INTERNAL, Role.PI, PersonRef.of(pi));
        applicant = plc.persons().registerPerson(Caller.ANONYMOUS, new NewPerson(Profile.of("new@verify.org", "N", "U"),
                Optional.of("old-password-1"), Optional.empty()), SiteRef.of(siteId));
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aMailedKeyVerifiesTheAddressOnceAndTellsThePis() throws Exception {
        accounts.sendVerification(applicant, key -> "https://portal.test/verify?key=" + key);
        assertThat(sent).singleElement().satisfies(mail -> assertThat(mail.to()).containsExactly("new@verify.org"));
        String key = key(sent.getFirst());
        assertThat(accounts.isVerified(applicant)).isFalse();
        assertRefused(() -> accounts.verify(key.substring(0, key.length() - 2) + "AA"), ErrorCode.AUTHENTICATION_FAILED);
        assertRefused(() -> accounts.verify(key.replace("verify.", "reset.")), ErrorCode.AUTHENTICATION_FAILED);

        assertThat(accounts.verify(key)).isEqualTo(applicant);
        assertThat(accounts.isVerified(applicant)).isTrue();
        assertThat(sent.getLast().to()).containsExactly("pi@verify.org");
        assertThat(sent.getLast().body()).contains("new@verify.org");
        assertRefused(() -> accounts.verify(key), ErrorCode.ALREADY_EXISTS);
        assertThat(Files.getPosixFilePermissions(directory.resolve("keys.secret")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aResetKeySetsANewPasswordOnceAndEndsTheSessions() {
        testing.plc().persons().approvePerson(Caller.INTERNAL, PersonRef.of(applicant));
        accounts.sendPasswordReset("nobody@verify.org", key -> "https://portal.test/reset?key=" + key);
        assertThat(sent).isEmpty();
        accounts.sendPasswordReset("NEW@verify.org", key -> "https://portal.test/reset?key=" + key);
        String key = key(sent.getFirst());
        assertThat(accounts.resetKeyWorks(key)).isTrue();
        assertRefused(() -> accounts.resetPassword(key, ""), ErrorCode.INVALID_ARGUMENT);

        accounts.resetPassword(key, "new-password-1");
        assertThat(login("new-password-1").personId()).contains(applicant);
        assertRefused(() -> login("old-password-1"), ErrorCode.AUTHENTICATION_FAILED);
        assertThat(accounts.resetKeyWorks(key)).isFalse();
        assertRefused(() -> accounts.resetPassword(key, "third-password-1"), ErrorCode.AUTHENTICATION_FAILED);
    }

    private Caller login(String password) {
        var plc = testing.plc();
        return plc.database().read(handle -> plc.database().translated(() -> plc.authenticator().authenticate(
                () -> handle, Map.of("AuthMethod", "password", "Username", "new@verify.org", "AuthString", password),
                List.of(), RequestContext.local())));
    }

    private static String key(MailMessage mail) {
        Matcher matcher = Pattern.compile("key=(\\S+)").matcher(mail.body());
        assertThat(matcher.find()).as("a key in %s", mail.body()).isTrue();
        return matcher.group(1);
    }

    private static void assertRefused(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run).isInstanceOf(PlanetLabException.class)
                .extracting(e -> ((PlanetLabException) e).code()).isEqualTo(code);
    }
}
