package org.planetlab.plc.mail;

import static java.util.Objects.requireNonNull;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/** Sends PLC's mail through one SMTP server. */
final class SmtpMailer implements Mailer {
    private final MailSettings settings;
    private final Session session;
    private final InternetAddress from;

    SmtpMailer(MailSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        Properties properties = new Properties();
        properties.put("mail.smtp.host", settings.smtpHost().orElseThrow());
        properties.put("mail.smtp.port", Integer.toString(settings.smtpPort()));
        String timeout = Integer.toString(settings.timeoutSeconds() * 1000);
        properties.put("mail.smtp.connectiontimeout", timeout);
        properties.put("mail.smtp.timeout", timeout);
        properties.put("mail.smtp.writetimeout", timeout);
        if (settings.starttls()) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
            properties.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(properties);
        try {
            this.from = new InternetAddress(settings.from().orElseThrow(), true);
        } catch (MessagingException e) {
            throw PlanetLabException.invalidArgument("mail.from is not a mail address: " + settings.from().orElseThrow());
        }
    }

    @Override
    public void send(MailMessage message) {
        try {
            MimeMessage mime = new MimeMessage(session);
            mime.setFrom(from);
            for (String to : message.to()) {
                mime.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            }
            mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
            mime.setText(message.body(), StandardCharsets.UTF_8.name());
            mime.setSentDate(new Date());
            Transport.send(mime);
        } catch (MessagingException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the mail server " + settings.smtpHost().orElseThrow() + ":"
                    + settings.smtpPort() + " did not take the message: " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public Optional<String> supportAddress() {
        return settings.support();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no reason given";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
