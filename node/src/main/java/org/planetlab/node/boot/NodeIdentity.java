package org.planetlab.node.boot;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * Who this node is, as far as the boot manager has established it: its id, name and address
 * from {@code plnode.txt}; once PLC put it in boot, its key with the management authority's
 * certificate (what the node manager signs service certificates and leases with) and the TLS
 * identity of its endpoints. Thread-safe: the boot manager replaces credentials as it renews them.
 */
public final class NodeIdentity {
    private final NodeSubject subject;
    private final String address;
    private volatile Credential credential;
    private volatile TlsIdentity tls;

    /**
     * @param subject the node id and host name of plnode.txt
     * @param address the node's address, as leases name it
     */
    public NodeIdentity(NodeSubject subject, String address) {
        this.subject = requireNonNull(subject, "subject is null");
        this.address = requireNonNull(address, "address is null");
    }

    public NodeSubject subject() {
        return subject;
    }

    public String address() {
        return address;
    }

    /** The node key with its node certificate, once the management authority certified it. */
    public Optional<Credential> credential() {
        return Optional.ofNullable(credential);
    }

    public Optional<TlsIdentity> tls() {
        return Optional.ofNullable(tls);
    }

    void certified(Credential newCredential) {
        this.credential = requireNonNull(newCredential, "newCredential is null");
    }

    void tlsCertified(TlsIdentity identity) {
        this.tls = requireNonNull(identity, "identity is null");
    }

    void forget() {
        credential = null;
        tls = null;
    }
}
