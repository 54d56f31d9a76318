package org.planetlab.cli.config;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsContexts;

/**
 * The HTTP client for a PLC: pinned to PLC's own certificate authority when one is configured
 * ({@code tls-ca.pem} from PLC's trust directory), else trusting the JDK's default authorities
 * (for a PLC with a publicly trusted certificate, or plain http).
 */
final class TrustedCa {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private TrustedCa() {}

    static HttpClient httpClient(Path caFile, SecureRandom random) {
        if (caFile == null) {
            return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        }
        return TlsContexts.httpClient(TlsContexts.client(read(caFile), random), CONNECT_TIMEOUT);
    }

    private static X509Certificate read(Path caFile) {
        try {
            return Pem.readCertificates(Files.readString(caFile, StandardCharsets.UTF_8)).getFirst();
        } catch (IOException e) {
            throw PlanetLabException.invalidArgument("cannot read the CA certificate " + caFile + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        } catch (PlanetLabException e) {
            throw PlanetLabException.invalidArgument("the CA certificate " + caFile + " is not a PEM certificate: "
                    + e.getMessage());
        }
    }
}
