package org.planetlab.trust.cert;

/**
 * Who a certificate speaks for. The four kinds are the principals of the architecture that hold
 * keys: a person, a node, an authority (slice or management) and a service slice running on a
 * node (Architecture §5.5).
 */
public sealed interface Subject permits PersonSubject, NodeSubject, AuthoritySubject, ServiceSubject {
    /** A unique, typed name, e.g. {@code authority:plc.sa} or {@code service:plc.scs@node:121}. */
    String identity();

    /** The name shown to people in messages, e.g. {@code plc.sa}. */
    String displayName();

    /** Whether a certificate for this kind of subject may carry the right to issue certificates. */
    boolean canHoldIssuingRight();
}
