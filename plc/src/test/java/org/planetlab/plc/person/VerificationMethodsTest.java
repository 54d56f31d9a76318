package org.planetlab.plc.person;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * VerifyPerson and ResetPassword called as the original web site called them (an operator on a
 * person's behalf), against a real SMTP server in-process: keys go out by mail, work only for
 * their person, and complete the verification or the reset.
 */
class VerificationMethodsTest {
    private static final Pattern KEY = Pattern.compile("\\?key=(\\S+)");
    private static final Pattern PASSWORD = Pattern.compile("The new password is:\\s+(\\S+)");

    static Stream<Arguments> setups() {
        return Stream.of(Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.XML_RPC),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.JSON));
    }

    @ParameterizedTest
    @MethodSource("setups")
    void keysGoOutByMailAndCompleteTheirOwnAccountsOnly(StoreKind store, PlcClient.Encoding encoding)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, String> settings = Map.of("mail.smtp-host", "127.0.0.1", "mail.smtp-port", Integer.toString(port),
                "mail.from", "plc@plc.test", "mail.support", "support@plc.test",
                "portal.public-url", "https://portal.plc.test/");
        try (TestingPlc testing = TestingPlc.start(store, Clock.systemUTC(), settings)) {
            PlcClient operator = testing.operator(encoding);
            Registry registry = new Registry(operator);
            long site = registry.site("alab");
            registry.person("pi@alab.org", "pi", site);
            Credentials.Password user = registry.person("user@alab.org", "user", site);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("email", "new@alab.org");
            fields.put("first_name", "New");
            fields.put("last_name", "Comer");
            long newcomer = (Long) operator.call("AddPerson", fields);
            operator.call("AddPersonToSite", newcomer, site);

            assertThat(operator.call("VerifyPerson", "new@alab.org")).isEqualTo(1L);
            String verifyKey = key(await(smtp, 1), "new@alab.org", "https://portal.plc.test/verify?key=");
            assertFault(() -> operator.call("VerifyPerson", "user@alab.org", verifyKey), ErrorCode.PERMISSION_DENIED,
                    "verification key incorrect for account user@alab.org");
            assertFault(() -> operator.call("VerifyPerson", "user@alab.org"), ErrorCode.INVALID_ARGUMENT,
                    "must be new (disabled)");
            assertFault(() -> operator.call("VerifyPerson", newcomer, null, 1L), ErrorCode.INVALID_ARGUMENT,
                    "verification_expires");
            assertThat(operator.call("VerifyPerson", newcomer, verifyKey)).isEqualTo(1L);
            MimeMessage toPi = await(smtp, 2)[1];
            assertThat(toPi.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("pi@alab.org");
            assertThat(GreenMailUtil.getBody(toPi)).contains("new@alab.org");
            assertThat(testing.plc().accountVerification().isVerified(newcomer)).isTrue();

            assertThat(operator.call("ResetPassword", "user@alab.org")).isEqualTo(1L);
            String resetKey = key(await(smtp, 3), "user@alab.org", "https://portal.plc.test/reset/confirm?key=");
            assertFault(() -> operator.call("ResetPassword", "pi@alab.org", resetKey), ErrorCode.PERMISSION_DENIED,
                    "verification key incorrect");
            assertFault(() -> operator.call("ResetPassword", TestingPlc.OPERATOR_EMAIL), ErrorCode.INVALID_ARGUMENT,
                    "cannot reset operators' passwords");
            assertFault(() -> operator.call("ResetPassword", "new@alab.org"), ErrorCode.INVALID_ARGUMENT,
                    "must be enabled");
            assertThat(testing.client(user, encoding).call("AuthCheck")).isEqualTo(1L);
            assertThat(operator.call("ResetPassword", "user@alab.org", resetKey)).isEqualTo(1L);
            MimeMessage withPassword = await(smtp, 4)[3];
            Matcher password = PASSWORD.matcher(GreenMailUtil.getBody(withPassword));
            assertThat(password.find()).isTrue();
            assertThatThrownBy(() -> testing.client(user, encoding).call("AuthCheck"))
                    .isInstanceOfSatisfying(PlanetLabException.class,
                            fault -> assertThat(fault.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED));
            assertThat(testing.client(new Credentials.Password("user@alab.org", password.group(1)), encoding)
                    .call("AuthCheck")).isEqualTo(1L);
            // The key worked once.
            assertFault(() -> operator.call("ResetPassword", "user@alab.org", resetKey),
                    ErrorCode.AUTHENTICATION_FAILED, "ask for a new one");
            assertThat(smtp.getReceivedMessages()).hasSize(4);
        } finally {
            smtp.stop();
        }
    }

    /** The key in the last message, which must have gone to {@code to} with a link starting so. */
    private static String key(MimeMessage[] messages, String to, String link) throws MessagingException {
        MimeMessage last = messages[messages.length - 1];
        assertThat(last.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo(to);
        String body = GreenMailUtil.getBody(last).replace("=\r\n", "").replace("=3D", "=");
        assertThat(body).contains(link);
        Matcher matcher = KEY.matcher(body);
        assertThat(matcher.find()).isTrue();
        return URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
    }

    private static MimeMessage[] await(GreenMail smtp, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (smtp.getReceivedMessages().length < count && System.nanoTime() < deadline) {
            smtp.waitForIncomingEmail(100, 1);
        }
        assertThat(smtp.getReceivedMessages()).hasSize(count);
        return smtp.getReceivedMessages();
    }

    private static void assertFault(ThrowableAssert.ThrowingCallable call, ErrorCode code, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, fault -> {
            assertThat(fault.code()).isEqualTo(code);
            assertThat(fault.getMessage()).contains(text);
        });
    }
}
