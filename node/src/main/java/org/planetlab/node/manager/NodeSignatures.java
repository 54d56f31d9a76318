package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.node.ServiceCertificateIssuer;
import org.planetlab.trust.ticket.Lease;
import org.planetlab.trust.ticket.LeaseSigner;
import org.planetlab.trust.ticket.Ticket;
import org.planetlab.trust.ticket.TicketPrincipal;

/**
 * What the node manager signs with the node's key (Architecture §5.5, 2003 §4.2.3): certificates
 * binding a service's public key to the calling slice, and leases for slivers a slice creation
 * service created from a ticket. The slice is always the caller's, as the kernel identified it.
 * The node's key and certificate come from the boot manager; before it has them every signature
 * is refused as unavailable.
 */
public final class NodeSignatures {
    private final Supplier<Optional<Credential>> credential;
    private final Supplier<String> address;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param credential the node key with the management authority's node certificate, once certified
     * @param address the node's address, as leases name it
     */
    public NodeSignatures(Supplier<Optional<Credential>> credential, Supplier<String> address, Clock clock, SecureRandom random) {
        this.credential = requireNonNull(credential, "credential is null");
        this.address = requireNonNull(address, "address is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** A node that never talks to PLC: it has no key to sign with. */
    public static NodeSignatures none() {
        return new NodeSignatures(Optional::empty, () -> "0.0.0.0", Clock.systemUTC(), new SecureRandom());
    }

    /** The XML certificate binding {@code publicKeyPem} to the caller's slice on this node. */
    public String serviceCertificate(Caller caller, String publicKeyPem) {
        if (caller.hostRoot()) {
            throw PlanetLabException.invalidArgument("service certificates are for slices; root on the node has no slice to certify");
        }
        PublicKey key = Pem.readPublicKey(requireNonNull(publicKeyPem, "publicKeyPem is null"));
        return new ServiceCertificateIssuer(node(), new CertificateSigner(clock, random), ServiceCertificateIssuer.DEFAULT_LIFETIME)
                .issue(caller.slice(), key).xml();
    }

    /**
     * A lease on the sliver a ticket created (2003 Figure 2): the ticket's principal holds slice
     * {@code sliceName} on this node's address from {@code start} to {@code end}.
     */
    public String lease(String ticketId, String sliceName, String principalEmail, Instant start, Instant end) {
        Lease lease = new Lease(Ticket.newId(random), ticketId, sliceName, new TicketPrincipal.Person(principalEmail), address.get(),
                new Validity(start, end));
        return new LeaseSigner(node()).sign(lease);
    }

    private Credential node() {
        return credential.get().orElseThrow(() -> new PlanetLabException(ErrorCode.UNAVAILABLE,
                "this node has no certificate from its management authority yet (the boot manager gets one in boot state);"
                        + " try again later"));
    }
}
