package org.planetlab.am.credential;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.gid.Gid;

/**
 * Checks that a GID chains to one of the aggregate's trusted roots (X.509 PKIX, validity at the
 * clock's time, no revocation lists), and GENI's naming rule on top: every certificate of the
 * chain names a URN under the authority of the certificate that issued it, so a trusted authority
 * vouches only for names under itself.
 */
public final class GidChains {
    /** Names an issuer may vouch for beyond those under its own authority. */
    @FunctionalInterface
    public interface Delegations {
        /** Whether {@code issuer} may vouch for {@code child}, which is not under its authority. */
        boolean vouches(Gid issuer, Gid child);

        /** GENI's rule only. */
        Delegations NONE = (issuer, child) -> false;
    }

    private final List<X509Certificate> roots;
    private final Clock clock;
    private final Delegations delegations;
    private final Supplier<List<X509Certificate>> issuers;

    public GidChains(List<X509Certificate> roots, Clock clock) {
        this(roots, clock, Delegations.NONE);
    }

    public GidChains(List<X509Certificate> roots, Clock clock, Delegations delegations) {
        this(roots, clock, delegations, List::of);
    }

    /**
     * @param delegations what an issuer vouches for besides the names under it: PLC's root for
     *     the authorities PLC hosts
     */
    /**
     * @param issuers the certificates that complete a chain its holder presented without them
     *     (the GIDs of the authorities PLC hosts, read when needed: a bare {@code ple} user GID
     *     still leads to the root through {@code ple}'s); everything is verified as if presented
     */
    public GidChains(List<X509Certificate> roots, Clock clock, Delegations delegations,
            Supplier<List<X509Certificate>> issuers) {
        this.roots = List.copyOf(requireNonNull(roots, "roots is null"));
        this.clock = requireNonNull(clock, "clock is null");
        this.delegations = requireNonNull(delegations, "delegations is null");
        this.issuers = requireNonNull(issuers, "issuers is null");
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted root is needed");
        }
    }

    /**
     * Verifies {@code chain} (the GID first, then certificates that may lead to a root, in any
     * order) and returns the GID.
     *
     * @param what names the certificate in messages
     */
    public Gid verify(List<X509Certificate> chain, String what) {
        return verifyToRoot(chain, what).gid();
    }

    /** A GID that verified, and the trusted root it chains to (whose policy applies to it). */
    public record Anchored(Gid gid, X509Certificate root) {}

    /** Verifies {@code chain} as {@link #verify} does and tells which trusted root it chains to. */
    public Anchored verifyToRoot(List<X509Certificate> chain, String what) {
        return verifyToRoot(chain, what, true);
    }

    /**
     * Verifies that {@code chain} (completed as {@link #verify} completes it) leads to a trusted
     * root by PKIX alone, without GENI's naming rule: what a TLS handshake checks, leaving the
     * naming rule to each call, which can say in its answer why a GID is refused.
     */
    public Anchored verifyPath(List<X509Certificate> chain, String what) {
        return verifyToRoot(chain, what, false);
    }

    private Anchored verifyToRoot(List<X509Certificate> chain, String what, boolean namingRule) {
        if (chain.isEmpty()) {
            throw GeniException.forbidden(what + ": no certificate");
        }
        X509Certificate leaf = chain.getFirst();
        Gid gid = Gid.of(leaf);
        List<X509Certificate> path = orderedPath(leaf, chain);
        if (anchorOf(path.getLast()).isEmpty()) {
            // Completed with the issuers this aggregate knows, as if the client had sent them.
            List<X509Certificate> completed = new ArrayList<>(chain);
            completed.addAll(issuers.get());
            path = orderedPath(leaf, completed);
        }
        X509Certificate anchor = anchorOf(path.getLast())
                .orElseThrow(() -> GeniException.forbidden(what + " (" + gid.urn() + ") does not chain to a trusted authority;"
                        + " this aggregate trusts " + roots.stream().map(root -> Gid.of(root).urn().toString()).toList()));
        List<X509Certificate> validated = new ArrayList<>(path);
        validated.remove(anchor);
        Date now = Date.from(clock.instant());
        try {
            if (validated.isEmpty()) {
                anchor.checkValidity(now);
            } else {
                CertificateFactory factory = CertificateFactory.getInstance("X.509");
                CertPath certPath = factory.generateCertPath(validated);
                PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
                parameters.setRevocationEnabled(false);
                parameters.setDate(now);
                CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
                anchor.checkValidity(now);
            }
        } catch (CertPathValidatorException e) {
            throw GeniException.forbidden(what + " (" + gid.urn() + ") is not valid: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw GeniException.forbidden(what + " (" + gid.urn() + ") cannot be checked: " + e.getMessage());
        }
        List<X509Certificate> full = new ArrayList<>(validated);
        full.add(anchor);
        for (int index = 0; namingRule && index + 1 < full.size(); index++) {
            Gid child = Gid.of(full.get(index));
            Gid issuer = Gid.of(full.get(index + 1));
            if (!issuer.urn().type().equals("authority")
                    || !child.urn().isUnder(issuer.urn().authority()) && !delegations.vouches(issuer, child)) {
                throw GeniException.forbidden(what + ": " + issuer.urn() + " may not vouch for " + child.urn()
                        + "; an authority issues GIDs only for names under itself");
            }
        }
        return new Anchored(gid, anchor);
    }

    /** The certificates a client's may be issued by: the roots, then the issuers that complete chains. */
    public List<X509Certificate> acceptedIssuers() {
        List<X509Certificate> accepted = new ArrayList<>(roots);
        accepted.addAll(issuers.get());
        return accepted;
    }

    /** The trusted root {@code top} is, or the one that signed it. */
    private Optional<X509Certificate> anchorOf(X509Certificate top) {
        return roots.stream().filter(root -> root.equals(top)).findFirst()
                .or(() -> roots.stream().filter(root -> root.getSubjectX500Principal().equals(top.getIssuerX500Principal())
                        && signedBy(top, root)).findFirst());
    }

    /** The leaf, then its issuer, and so on, taken from {@code certificates}, until none is found. */
    private static List<X509Certificate> orderedPath(X509Certificate leaf, List<X509Certificate> certificates) {
        List<X509Certificate> path = new ArrayList<>(List.of(leaf));
        Set<X509Certificate> used = new HashSet<>(path);
        X509Certificate current = leaf;
        while (path.size() <= CredentialReader.MAX_CHAIN && !current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            X509Certificate next = null;
            for (X509Certificate candidate : certificates) {
                if (!used.contains(candidate) && candidate.getSubjectX500Principal().equals(current.getIssuerX500Principal())
                        && signedBy(current, candidate)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            path.add(next);
            used.add(next);
            current = next;
        }
        return path;
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
