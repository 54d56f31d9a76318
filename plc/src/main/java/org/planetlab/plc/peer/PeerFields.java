package org.planetlab.plc.peer;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;

/**
 * A peer's fields as given to AddPeer or UpdatePeer, checked: the CA certificate must be one
 * readable X.509 CA certificate and the public key an EC or RSA key of acceptable strength, so
 * that what is pinned can actually be used.
 *
 * @param columns the given fields by name (peername, shortname, hrn_root, peer_url,
 *     ca_certificate, public_key); shortname and hrn_root may be null
 */
public record PeerFields(Map<String, Object> columns) {
    private static final Set<String> NAMES = Set.of("peername", "shortname", "hrn_root", "peer_url", "ca_certificate",
            "public_key");

    public PeerFields {
        Map<String, Object> copy = new LinkedHashMap<>(columns);
        for (String name : copy.keySet()) {
            if (!NAMES.contains(name)) {
                throw PlanetLabException.invalidArgument("peer_fields." + name + ": unknown field; a peer has " + NAMES);
            }
        }
        if (copy.get("ca_certificate") instanceof String pem) {
            caCertificate(pem);
        }
        if (copy.get("public_key") instanceof String pem) {
            publicKey(pem);
        }
        columns = java.util.Collections.unmodifiableMap(copy);
    }

    static X509Certificate caCertificate(String pem) {
        List<X509Certificate> certificates;
        try {
            certificates = Pem.readCertificates(pem);
        } catch (RuntimeException e) {
            throw PlanetLabException.invalidArgument("peer_fields.ca_certificate: not a PEM certificate: " + e.getMessage());
        }
        if (certificates.size() != 1) {
            throw PlanetLabException.invalidArgument("peer_fields.ca_certificate: give exactly one PEM certificate, the"
                    + " peer's TLS CA (its tls-ca.pem), not " + certificates.size());
        }
        if (certificates.getFirst().getBasicConstraints() < 0) {
            throw PlanetLabException.invalidArgument("peer_fields.ca_certificate: the certificate is not a CA"
                    + " certificate; give the peer's TLS CA (its tls-ca.pem), not its server certificate");
        }
        return certificates.getFirst();
    }

    static PublicKey publicKey(String pem) {
        PublicKey key;
        try {
            key = Pem.readPublicKey(pem);
        } catch (RuntimeException e) {
            throw PlanetLabException.invalidArgument("peer_fields.public_key: not a PEM public key: " + e.getMessage()
                    + "; give the peer's peer-key.pub.pem");
        }
        KeyAlgorithm.requireAcceptable(key, "peer_fields.public_key");
        return key;
    }
}
