package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import org.planetlab.api.nodemanager.NodeManagerOperations;
import org.planetlab.api.nodemanager.NodeManagerRequests;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.CertificateXml;
import org.planetlab.trust.cert.ServiceSubject;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;

/**
 * The service's own key pair, made at start, and the certificate the node manager signs for it
 * (Architecture §5.3, §5.5): "slice plc.scs on node N", embedding the node's certificate. The
 * node manager names the slice from the service's uid; the service only sends its public key.
 * A new certificate is asked for when a third of its life is left.
 */
final class ServiceKey {
    private final NodeManagerLink nodeManager;
    private final Clock clock;
    private final KeyPair keys;
    private Certificate certificate;

    ServiceKey(NodeManagerLink nodeManager, Clock clock, SecureRandom random) {
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.keys = KeyAlgorithm.EC_P256.generate(random);
    }

    KeyPair keys() {
        return keys;
    }

    /** The current certificate, signed again by the node manager when due. */
    synchronized Certificate certificate() {
        if (certificate == null || due(certificate.validity())) {
            certificate = CertificateXml.parse(nodeManager.call(NodeManagerOperations.SIGN_SERVICE_CERTIFICATE,
                    new NodeManagerRequests.ServiceCertificate(Pem.write(keys.getPublic()))).certificate());
        }
        return certificate;
    }

    /** The node this service runs on, as the node manager's certificate says. */
    ServiceSubject subject() {
        return (ServiceSubject) certificate().subject();
    }

    private boolean due(Validity validity) {
        long life = validity.notAfter().getEpochSecond() - validity.notBefore().getEpochSecond();
        return clock.instant().isAfter(validity.notAfter().minusSeconds(life / 3));
    }
}
