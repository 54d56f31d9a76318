package org.planetlab.am.registry;

import java.util.List;
import java.util.Map;
import org.planetlab.am.credential.VerifiedCredential;

/**
 * Which credential privileges allow which registry operation, as SFA's rights table has it:
 * {@code resolve} (a user credential) lets one resolve, list and get credentials;
 * {@code authority} (a PI's or operator's authority credential) allows everything;
 * {@code refresh} also lets one update and remove the record the credential is about. Whether
 * the change is then allowed is PLC's decision, by the caller's roles.
 */
final class RegistryPrivileges {
    private static final Map<String, List<String>> COVERING = Map.of(
            "getcredential", List.of("resolve", "authority"),
            "resolve", List.of("resolve", "authority"),
            "list", List.of("resolve", "authority"),
            "register", List.of("authority"),
            "update", List.of("authority", "refresh"),
            "remove", List.of("authority", "refresh"));

    private RegistryPrivileges() {
    }

    static boolean covers(VerifiedCredential credential, String operation) {
        return COVERING.get(operation).stream().anyMatch(credential::grants);
    }

    static String explain(String operation) {
        return operation + " needs a credential with one of the privileges " + COVERING.get(operation)
                + " (a user credential from GetSelfCredential has resolve; a PI's authority credential has authority)";
    }
}
