package org.planetlab.am.credential;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.planetlab.am.urn.Urn;

/**
 * A credential whose signatures, chain, delegation and expiry were checked and whose owner is
 * the caller: what it lets the caller do, on what, until when.
 *
 * @param ownerGid the owner's GID as the credential names it
 */
public record VerifiedCredential(Urn owner, Urn target, Instant expires, List<Privilege> privileges,
        java.security.cert.X509Certificate ownerGid) {
    public VerifiedCredential {
        requireNonNull(owner, "owner is null");
        requireNonNull(ownerGid, "ownerGid is null");
        requireNonNull(target, "target is null");
        requireNonNull(expires, "expires is null");
        privileges = List.copyOf(privileges);
    }

    public boolean grants(String wanted) {
        return privileges.stream().anyMatch(privilege -> privilege.covers(wanted));
    }
}
