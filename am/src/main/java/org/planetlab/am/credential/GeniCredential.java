package org.planetlab.am.credential;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * A GENI privilege credential as read from its XML, before any check: its element and
 * {@code xml:id} (what its signature must reference), owner and target, expiry, privileges, and
 * the credential it was delegated from, if any.
 *
 * @param ownerGid the owner's certificate, then any certificates that came with it
 */
public record GeniCredential(Element element, String xmlId, List<X509Certificate> ownerGid, String ownerUrn,
        List<X509Certificate> targetGid, String targetUrn, Instant expires, List<Privilege> privileges,
        Optional<GeniCredential> parent) {
    public GeniCredential {
        requireNonNull(element, "element is null");
        requireNonNull(xmlId, "xmlId is null");
        ownerGid = List.copyOf(ownerGid);
        requireNonNull(ownerUrn, "ownerUrn is null");
        targetGid = List.copyOf(targetGid);
        requireNonNull(targetUrn, "targetUrn is null");
        requireNonNull(expires, "expires is null");
        privileges = List.copyOf(privileges);
        requireNonNull(parent, "parent is null");
    }

    /** This credential, then its parent, and so on to the credential an authority signed. */
    public List<GeniCredential> chain() {
        List<GeniCredential> chain = new java.util.ArrayList<>();
        for (Optional<GeniCredential> next = Optional.of(this); next.isPresent(); next = next.get().parent()) {
            chain.add(next.get());
        }
        return List.copyOf(chain);
    }

    /** Whether some privilege of this credential covers {@code wanted}. */
    public boolean grants(String wanted) {
        return privileges.stream().anyMatch(privilege -> privilege.covers(wanted));
    }
}
