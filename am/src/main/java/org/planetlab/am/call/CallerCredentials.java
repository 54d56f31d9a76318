package org.planetlab.am.call;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.planetlab.am.credential.CredentialVerifier;
import org.planetlab.am.credential.VerifiedCredential;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.urn.Urn;

/**
 * The credentials a call carries, as AM API v3 passes them: structs
 * {@code {geni_type: "geni_sfa", geni_version: "3", geni_value: <signed credential>}} (a bare
 * string is taken as an SFA credential, as older clients send). Each is verified for the caller;
 * the call then asks for one that grants a privilege on a target.
 */
final class CallerCredentials {
    private final List<VerifiedCredential> verified = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();

    CallerCredentials(List<?> credentials, CredentialVerifier verifier, X509Certificate caller) {
        for (Object credential : credentials) {
            String xml = switch (credential) {
                case String text -> text;
                case Map<?, ?> struct -> sfaValue(struct);
                default -> throw GeniException.badArgs("each credential must be a struct {geni_type, geni_version, geni_value}");
            };
            if (xml == null) {
                continue;
            }
            try {
                verified.add(verifier.verify(xml, caller));
            } catch (GeniException e) {
                refusals.add(e.getMessage());
            }
        }
    }

    private String sfaValue(Map<?, ?> struct) {
        if (!(struct.get("geni_type") instanceof String type) || !(struct.get("geni_value") instanceof String value)) {
            throw GeniException.badArgs("a credential struct needs geni_type and geni_value strings");
        }
        if (!type.equalsIgnoreCase("geni_sfa")) {
            refusals.add("credential type " + type + " is not accepted; this aggregate reads geni_sfa credentials");
            return null;
        }
        String version = String.valueOf(struct.get("geni_version"));
        if (!version.equals("2") && !version.equals("3")) {
            refusals.add("geni_sfa credential version " + version + " is not accepted; versions 2 and 3 are");
            return null;
        }
        return value;
    }

    /** Any valid credential of the caller, for calls about no slice (ListResources). */
    VerifiedCredential any() {
        if (verified.isEmpty()) {
            throw new GeniException(GeniCode.FORBIDDEN, "no valid credential was given" + reasons());
        }
        return verified.getFirst();
    }

    /** A credential for {@code target} granting {@code privilege}. */
    VerifiedCredential granting(Urn target, String privilege) {
        for (VerifiedCredential credential : verified) {
            if (credential.target().equals(target) && credential.grants(privilege)) {
                return credential;
            }
        }
        boolean forTarget = verified.stream().anyMatch(credential -> credential.target().equals(target));
        throw new GeniException(GeniCode.FORBIDDEN, forTarget
                ? "the credentials for " + target + " do not grant the \"" + privilege + "\" privilege this call needs"
                : "no valid credential for " + target + " was given" + reasons());
    }

    private String reasons() {
        return refusals.isEmpty() ? "" : ": " + String.join("; ", refusals);
    }
}
