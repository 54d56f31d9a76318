package org.planetlab.plc.mail;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.config.ConfigSection;

/**
 * The {@code mail.*} keys of PLC's configuration.
 *
 * @param smtpHost the SMTP server; without it PLC sends no mail
 * @param smtpPort its port
 * @param from the sender address of PLC's mail
 * @param support where support mail goes (complaints, escalations), if anywhere
 * @param starttls whether the connection must be upgraded with STARTTLS before anything is sent
 * @param timeoutSeconds connect, read and write timeout
 */
public record MailSettings(Optional<String> smtpHost, int smtpPort, Optional<String> from, Optional<String> support,
        boolean starttls, int timeoutSeconds) {
    private static final Set<String> KEYS = Set.of("smtp-host", "smtp-port", "from", "support", "starttls",
            "timeout-seconds");

    public MailSettings {
        requireNonNull(smtpHost, "smtpHost is null");
        requireNonNull(from, "from is null");
        requireNonNull(support, "support is null");
        if (smtpPort < 1 || smtpPort > 65_535) {
            throw PlanetLabException.invalidArgument("mail.smtp-port must be a TCP port from 1 to 65535, got " + smtpPort);
        }
        if (smtpHost.isPresent() && from.isEmpty()) {
            throw PlanetLabException.invalidArgument("mail.from is required when mail.smtp-host is set");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 600) {
            throw PlanetLabException.invalidArgument("mail.timeout-seconds must be 1-600, got " + timeoutSeconds);
        }
    }

    /** Reads the section's keys; refuses keys it does not know. */
    public static MailSettings from(Map<String, String> keys) {
        ConfigSection section = ConfigSection.of("mail", keys, KEYS);
        return new MailSettings(
                section.text("smtp-host"),
                (int) section.number("smtp-port", 25, Integer.MIN_VALUE, Integer.MAX_VALUE),
                section.text("from"),
                section.text("support"),
                Boolean.parseBoolean(section.text("starttls").orElse("false")),
                (int) section.number("timeout-seconds", 20, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    /** The mailer these settings describe. */
    public Mailer mailer() {
        return smtpHost.isPresent() ? new SmtpMailer(this) : Mailer.NOT_CONFIGURED;
    }
}
