package org.planetlab.plc.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/** PLC's mail reaches a real SMTP server; a PLC without one, or with one that is down, says so. */
class SmtpMailerTest {
    @Test
    void aMessageArrivesInEveryRecipientsMailboxWithItsTextIntact() throws Exception {
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            Mailer mailer = MailSettings.from(Map.of("smtp-host", "127.0.0.1", "smtp-port", Integer.toString(port),
                    "from", "plc@example.org", "support", "support@example.org")).mailer();
            mailer.send(new MailMessage(List.of("pi@example.org", "o'brien@example.org"), "Slice demo_x: traffic report",
                    "Flow 10.0.0.1 → 192.0.2.9:443, ünïcödé text\nsecond line"));
            assertThat(smtp.waitForIncomingEmail(5_000, 2)).isTrue();
            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(2);
            assertThat(received[0].getSubject()).isEqualTo("Slice demo_x: traffic report");
            assertThat(received[0].getFrom()[0].toString()).isEqualTo("plc@example.org");
            assertThat(received[0].getContent().toString()).contains("192.0.2.9:443, ünïcödé text").contains("second line");
            assertThat(mailer.supportAddress()).contains("support@example.org");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void withoutAServerOrWithAServerDownTheCallerIsToldWhy() throws Exception {
        assertThatThrownBy(() -> MailSettings.from(Map.of()).mailer()
                .send(new MailMessage(List.of("a@example.org"), "s", "b")))
                .isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("no mail server configured")
                .extracting(e -> ((PlanetLabException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        int closed = freePort();
        assertThatThrownBy(() -> MailSettings.from(Map.of("smtp-host", "127.0.0.1", "smtp-port", Integer.toString(closed),
                "from", "plc@example.org", "timeout-seconds", "2")).mailer()
                .send(new MailMessage(List.of("a@example.org"), "s", "b")))
                .isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("the mail server 127.0.0.1:" + closed + " did not take the message");
    }

    @Test
    void headerInjectionAndBadSettingsAreRefusedByName() {
        assertThatThrownBy(() -> new MailMessage(List.of("a@example.org"), "hi\r\nBcc: victim@example.org", "b"))
                .hasMessageContaining("a subject is one line");
        assertThatThrownBy(() -> new MailMessage(List.of("a@example.org\r\nBcc: v@example.org"), "s", "b"))
                .hasMessageContaining("not a mail address");
        assertThatThrownBy(() -> MailSettings.from(Map.of("smtp-host", "127.0.0.1")))
                .hasMessageContaining("mail.from is required");
        assertThatThrownBy(() -> MailSettings.from(Map.of("smtp-hots", "127.0.0.1")))
                .hasMessageContaining("unknown mail configuration keys [mail.smtp-hots]");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
