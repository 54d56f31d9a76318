package org.planetlab.trust.cert;

import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Who may certify whom. A certificate used as an issuer must say {@code may-issue}, and its
 * subject limits what it may certify:
 *
 * <ul>
 *   <li>a trust root: authorities, nodes and persons (not services: only a node vouches for a service on it);
 *   <li>an authority: persons and sub-authorities; nodes only if it is a management authority;
 *   <li>a node: only service slices on that same node (Architecture §5.5);
 *   <li>persons and services: nothing.
 * </ul>
 */
public final class IssuancePolicy {
    private IssuancePolicy() {
    }

    /** Refuses a subject that a trust root should not certify directly. */
    public static void requireRootMayCertify(Subject subject) {
        if (subject instanceof ServiceSubject service) {
            throw refused("certificate chain: a trust root may not certify service " + service.displayName()
                    + " directly; a service certificate must be issued by the node it runs on");
        }
    }

    /** Refuses a certificate issued by {@code issuer} for {@code subject} outside the rules above. */
    public static void requireMayCertify(Certificate issuer, Subject subject) {
        Subject issuerSubject = issuer.subject();
        String issuerName = issuerSubject.displayName();
        if (!issuer.mayIssue()) {
            throw refused("certificate chain: issuer '" + issuerName + "' is not allowed to issue certificates");
        }
        boolean allowed = switch (subject) {
            case PersonSubject ignored -> issuerSubject instanceof AuthoritySubject;
            case AuthoritySubject ignored -> issuerSubject instanceof AuthoritySubject;
            case NodeSubject ignored -> issuerSubject instanceof AuthoritySubject authority && authority.role() == AuthorityRole.MANAGEMENT;
            case ServiceSubject service -> issuerSubject.equals(service.node());
        };
        if (!allowed) {
            throw refused("certificate chain: issuer '" + issuerName + "' may not certify " + describe(subject) + ": " + rule(subject));
        }
    }

    private static String describe(Subject subject) {
        return switch (subject) {
            case PersonSubject person -> "person " + person.email();
            case AuthoritySubject authority -> authority.role().description() + " " + authority.name();
            case NodeSubject node -> node.displayName();
            case ServiceSubject service -> "service " + service.displayName();
        };
    }

    private static String rule(Subject subject) {
        return switch (subject) {
            case PersonSubject ignored -> "persons are certified by an authority";
            case AuthoritySubject ignored -> "authorities are certified by a trust root or another authority";
            case NodeSubject ignored -> "nodes are certified by their management authority";
            case ServiceSubject ignored -> "a service is certified only by the node it runs on";
        };
    }

    private static PlanetLabException refused(String message) {
        return new PlanetLabException(ErrorCode.VERIFICATION_FAILED, message);
    }
}
