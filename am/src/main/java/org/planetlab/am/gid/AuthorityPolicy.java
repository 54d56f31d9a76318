package org.planetlab.am.gid;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;

/**
 * What the aggregate and the registry accept from one trusted authority, read from the policy
 * file beside its root ({@code trusted_roots/<name>.policy} beside {@code <name>.pem}; PLC's own
 * authority's is {@code sa.policy} beside {@code sa.gid.pem}), a properties file:
 * <ul>
 *   <li>{@code accept-rsa-sha1=true} lets credentials signed by that authority, or delegated by its
 *       users, use RSA-SHA1 (as xmlsec1 in the SFA and GENI tools signs them). Without a file, or a
 *       key, nothing weaker than SHA-256 is accepted.
 *   <li>{@code node-groups=a,b} and {@code max-slivers=N}, for a foreign authority only: the slices
 *       of slice authority {@code <name>} run on PLC's own nodes only in those node groups and with
 *       at most N slivers there, the same rule as an authority policy added with AddAuthorityPolicy
 *       (which the file's becomes at start).
 * </ul>
 * Unknown keys and malformed values are refused, so that a typo does not silently leave an
 * authority with a policy it was not given.
 */
public record AuthorityPolicy(boolean acceptRsaSha1, List<String> nodeGroups, Optional<Long> maxSlivers) {
    public static final AuthorityPolicy STRICT = new AuthorityPolicy(false, List.of(), Optional.empty());
    private static final Set<String> KEYS = Set.of("accept-rsa-sha1", "node-groups", "max-slivers");
    private static final Set<String> OWN_KEYS = Set.of("accept-rsa-sha1");

    public AuthorityPolicy {
        nodeGroups = List.copyOf(nodeGroups);
    }

    /** Whether it limits where and how much the authority's slices run (node-groups or max-slivers). */
    public boolean placesSlices() {
        return !nodeGroups.isEmpty() || maxSlivers.isPresent();
    }

    /** The policy of a foreign authority in {@code file}, or {@link #STRICT} when there is none. */
    public static AuthorityPolicy read(Path file) {
        return read(file, true);
    }

    /**
     * The policy in {@code file}, or {@link #STRICT} when there is none; {@code foreign} false for
     * PLC's own authority, whose slices the authority policies of PLCAPI place instead.
     */
    public static AuthorityPolicy read(Path file, boolean foreign) {
        if (!Files.exists(file)) {
            return STRICT;
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file)));
        } catch (IOException | IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument(file + " is not a readable policy file: " + e.getMessage());
        }
        Set<String> known = foreign ? KEYS : OWN_KEYS;
        for (String key : properties.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw PlanetLabException.invalidArgument(file + ": unknown key " + key + "; "
                        + (foreign ? "a foreign authority's policy knows " + KEYS
                                : "PLC's own authority's policy knows " + OWN_KEYS + " (AddAuthorityPolicy places its slices)"));
            }
        }
        String value = properties.getProperty("accept-rsa-sha1", "false").strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw PlanetLabException.invalidArgument(file + ": accept-rsa-sha1 is \"" + value + "\"; it is true or false");
        }
        List<String> groups = Arrays.stream(properties.getProperty("node-groups", "").split(","))
                .map(String::strip).filter(group -> !group.isEmpty()).distinct().toList();
        if (properties.containsKey("node-groups") && groups.isEmpty()) {
            throw PlanetLabException.invalidArgument(file + ": node-groups is empty; name one node group or more"
                    + " (a,b), or leave the key out for any of PLC's nodes");
        }
        Optional<Long> max = Optional.empty();
        if (properties.containsKey("max-slivers")) {
            String text = properties.getProperty("max-slivers").strip();
            try {
                long parsed = Long.parseLong(text);
                if (parsed < 0) {
                    throw new NumberFormatException();
                }
                max = Optional.of(parsed);
            } catch (NumberFormatException e) {
                throw PlanetLabException.invalidArgument(file + ": max-slivers is \"" + text
                        + "\"; it is a whole number of slivers, 0 or more");
            }
        }
        return new AuthorityPolicy(Boolean.parseBoolean(value), groups, max);
    }
}
