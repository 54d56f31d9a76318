package org.planetlab.cli.session;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.config.Connection;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.session.SessionKeySealer;

/**
 * Logging in with a certificate (Architecture section 5.5): PLC verifies the certificate chain
 * with AuthenticateCertificate and answers a session key sealed to the certificate's public key;
 * only the holder of the private key can open it. The private key never leaves this machine.
 */
final class CertificateLogin {
    static final String METHOD = "AuthenticateCertificate";

    private final CommandContext context;

    CertificateLogin(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** The opened session, who it is for, and when it ends. */
    record Opened(String key, String subject, Object expires) {
        @Override
        public String toString() {
            return "Opened[" + subject + "]";
        }
    }

    Opened login(Connection connection, Path certificate, Path privateKeyFile) {
        String certificateXml = local(() -> KeyFiles.read(certificate));
        PrivateKey privateKey = local(() -> KeyFiles.readPrivateKey(privateKeyFile));
        if (!(connection.client().call(METHOD, certificateXml) instanceof Map<?, ?> answer)
                || !(answer.get("session") instanceof String sealed)) {
            throw new PlanetLabException(org.planetlab.api.error.ErrorCode.INTERNAL_ERROR,
                    METHOD + " answered without a sealed session");
        }
        String key = new SessionKeySealer(context.random()).open(sealed, privateKey).encoded();
        return new Opened(key, String.valueOf(answer.get("subject")), answer.get("expires"));
    }

    /** Problems with local files are the command line's, not PLC's: usage errors. */
    private <T> T local(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (PlanetLabException e) {
            throw context.usageError(e.getMessage());
        }
    }
}
