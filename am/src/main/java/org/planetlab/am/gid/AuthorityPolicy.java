package org.planetlab.am.gid;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;

/**
 * What the aggregate and the registry accept from one trusted authority, read from the policy
 * file beside its root ({@code trusted_roots/<name>.policy} beside {@code <name>.pem}; PLC's own
 * authority's is {@code sa.policy} beside {@code sa.gid.pem}), a properties file:
 * {@code accept-rsa-sha1=true} lets credentials signed by that authority, or delegated by its
 * users, use RSA-SHA1 (as xmlsec1 in the SFA and GENI tools signs them). Without a file, or a key,
 * nothing weaker than SHA-256 is accepted. Unknown keys and values other than true/false are
 * refused, so that a typo does not silently leave an authority with a policy it was not given.
 */
public record AuthorityPolicy(boolean acceptRsaSha1) {
    public static final AuthorityPolicy STRICT = new AuthorityPolicy(false);
    private static final Set<String> KEYS = Set.of("accept-rsa-sha1");

    /** The policy in {@code file}, or {@link #STRICT} when there is none. */
    public static AuthorityPolicy read(Path file) {
        if (!Files.exists(file)) {
            return STRICT;
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file)));
        } catch (IOException | IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument(file + " is not a readable policy file: " + e.getMessage());
        }
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw PlanetLabException.invalidArgument(file + ": unknown key " + key + "; an authority's policy knows " + KEYS);
            }
        }
        String value = properties.getProperty("accept-rsa-sha1", "false").strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw PlanetLabException.invalidArgument(file + ": accept-rsa-sha1 is \"" + value + "\"; it is true or false");
        }
        return new AuthorityPolicy(Boolean.parseBoolean(value));
    }
}
