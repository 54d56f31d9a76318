package org.planetlab.am.registry;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.planetlab.am.credential.CredentialSigner;
import org.planetlab.am.credential.Privilege;
import java.security.cert.X509Certificate;
import org.planetlab.am.gid.HostedAuthorities;
import org.planetlab.am.gid.Gid;
import org.planetlab.am.urn.Urn;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;

/**
 * What the registry signs, as the authority each name is under (PLC's own, or one it hosts such as
 * {@code ple}, whose GID PLC's root signed): persons' GIDs and the three kinds of
 * credentials SFA clients ask for, with SFA's privileges.
 * <ul>
 * <li>a user credential (GetSelfCredential): {@code refresh}, {@code resolve}, {@code info} on the
 *     user, for {@value #USER_CREDENTIAL_DAYS} days;
 * <li>a slice credential: {@code refresh}, {@code embed}, {@code bind}, {@code control},
 *     {@code info} on the slice (what the aggregate asks for), until the slice expires;
 * <li>an authority credential (a PI's for their site, an operator's for any): {@code authority},
 *     {@code refresh}, {@code resolve}, {@code info}, for {@value #AUTHORITY_CREDENTIAL_DAYS} days.
 * </ul>
 * All may be delegated. The GIDs of slices and authorities that credentials name as targets are
 * issued for one key the registry makes when it starts and never uses: a target's GID only names
 * it, nothing is ever signed with its key.
 */
final class RegistryCredentials {
    static final int USER_CREDENTIAL_DAYS = 14;
    static final int AUTHORITY_CREDENTIAL_DAYS = 14;
    /** A person's GID lives a year; the registry checks at every call that its key is still one of the person's keys. */
    static final Duration PERSON_GID_LIFETIME = Duration.ofDays(365);
    private static final Duration TARGET_GID_LIFETIME = Duration.ofDays(365);

    private final HostedAuthorities authorities;
    private final Clock clock;
    private final PublicKey targetKey;
    private final CredentialSigner signer = new CredentialSigner();

    RegistryCredentials(HostedAuthorities authorities, Clock clock, SecureRandom random) {
        this.authorities = requireNonNull(authorities, "authorities is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.targetKey = KeyAlgorithm.RSA_2048.generate(random).getPublic();
    }

    /** A person's GID, signed by the authority their name is under. */
    Gid personGid(Urn urn, String email, PublicKey key) {
        return authorities.issue(signerOf(urn), urn, Optional.of(email), key, PERSON_GID_LIFETIME);
    }

    /** The GID of a slice or an authority, as a credential's target, signed by the authority its name is under. */
    Gid targetGid(Urn urn) {
        return authorities.issue(signerOf(urn), urn, Optional.empty(), targetKey, TARGET_GID_LIFETIME);
    }

    /** A GID as SFA sends it: PEM, the GID then its issuers up to PLC's root. */
    String pem(Gid gid) {
        StringBuilder pem = new StringBuilder(Pem.write(gid.certificate()));
        for (X509Certificate issuer : signerOf(gid.urn()).chain()) {
            pem.append(Pem.write(issuer));
        }
        return pem.toString();
    }

    /**
     * The authority that signs for {@code urn}: PLC's own for names under it, the hosted authority
     * ({@code ple}) for names under that; a site's authority is the one it is named under.
     */
    private HostedAuthorities.Signer signerOf(Urn urn) {
        return authorities.requireSignerFor(urn.authority());
    }

    String userCredential(Gid user) {
        return sign(user, user, clock.instant().plus(Duration.ofDays(USER_CREDENTIAL_DAYS)), "refresh", "resolve", "info");
    }

    String sliceCredential(Gid user, Urn slice, Instant sliceExpires) {
        return sign(user, targetGid(slice), sliceExpires, "refresh", "embed", "bind", "control", "info");
    }

    String authorityCredential(Gid user, Urn authorityUrn) {
        return sign(user, targetGid(authorityUrn), clock.instant().plus(Duration.ofDays(AUTHORITY_CREDENTIAL_DAYS)),
                "authority", "refresh", "resolve", "info");
    }

    /** Signs a credential on {@code target} as the authority its name is under, with the chain to PLC's root. */
    private String sign(Gid owner, Gid target, Instant expires, String... privileges) {
        List<Privilege> granted = java.util.Arrays.stream(privileges).map(name -> new Privilege(name, true)).toList();
        HostedAuthorities.Signer authority = signerOf(target.urn());
        return signer.sign(new CredentialSigner.Content(owner, target, expires, granted, Optional.empty()),
                authority.key(), authority.chain());
    }
}
