package org.planetlab.cli.ticket;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.ticket.RedemptionProof;

/**
 * Signs a ticket's proof of possession with the user's SSH key through {@code ssh-keygen -Y sign}
 * (OpenSSH 8.1 and later): a private key file (asking for its passphrase if it has one), or a
 * {@code .pub} file whose private key is in {@code ssh-agent}. The private key never enters this
 * program. One signature at a time, since ssh-keygen may ask on the terminal.
 */
final class SshKeygenSigner {
    private static final long TIMEOUT_SECONDS = 120;

    private final Path identity;

    SshKeygenSigner(Path identity) {
        this.identity = requireNonNull(identity, "identity is null");
    }

    /** The identity given, or the first of ~/.ssh/id_ed25519 and ~/.ssh/id_rsa that exists. */
    static Optional<SshKeygenSigner> of(Path identity, Map<String, String> environment) {
        if (identity != null) {
            return Optional.of(new SshKeygenSigner(identity));
        }
        String home = environment.get("HOME");
        if (home == null) {
            return Optional.empty();
        }
        return List.of(Path.of(home, ".ssh", "id_ed25519"), Path.of(home, ".ssh", "id_rsa")).stream().filter(Files::isRegularFile)
                .findFirst().map(SshKeygenSigner::new);
    }

    /** The armored SSH signature of the message, in the namespace of redemption proofs. */
    synchronized String sign(byte[] message) {
        Process process;
        try {
            process = new ProcessBuilder("ssh-keygen", "-q", "-Y", "sign", "-f", identity.toString(), "-n", RedemptionProof.NAMESPACE)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot run ssh-keygen to sign the ticket's proof with " + identity
                    + " (install OpenSSH's client): " + e.getMessage(), e);
        }
        try (OutputStream input = process.getOutputStream(); InputStream output = process.getInputStream()) {
            input.write(message);
            input.close();
            String signature = new String(output.readAllBytes(), StandardCharsets.US_ASCII);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "ssh-keygen did not sign within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0 || !signature.contains("BEGIN SSH SIGNATURE")) {
                throw PlanetLabException.invalidArgument("ssh-keygen could not sign with " + identity + " (exit " + process.exitValue()
                        + "); give the private key of an SSH key registered at PLC with --identity, or its .pub with the key in ssh-agent");
            }
            return signature;
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "ssh-keygen failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while ssh-keygen signed", e);
        }
    }
}
