package org.planetlab.api.rspec;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A resource specification as the node manager keeps it (Architecture §4.10): attribute values
 * in canonical form, the slice's SSH keys, and for a pool handed to a slice authority the
 * authority's name and certificate (§4.9), and optionally where its server is and the CA that
 * certifies that server's TLS endpoint (empty: the node's own PLC and PLC CA).
 *
 * <p>Quantities ({@link #ADDITIVE}) are divided by {@link #split} and summed by {@link #plus};
 * ceilings ({@code burst_rate}, {@code sustained_rate}, {@code nofile_limit}) are passed down
 * whole and combined by taking the larger. Restrictions ({@link #RESTRICTIONS}: {@code cpu_cap},
 * {@code vsys}) are what the slice is held to or allowed, not what it takes from a pool: a split
 * does not check them and a later value replaces the earlier, so a changed one reaches a running
 * VM by binding it.
 */
public record Rspec(Map<RspecAttribute, String> attributes, List<String> keys, String authority, String authorityCertificate,
        String authorityUrl, String authorityCa) {
    public static final Set<RspecAttribute> ADDITIVE = Set.of(RspecAttribute.CPU_SHARE, RspecAttribute.CPU_GUARANTEE,
            RspecAttribute.MEM_LIMIT, RspecAttribute.DISK_QUOTA, RspecAttribute.BASE_RATE, RspecAttribute.PIDS_LIMIT);
    public static final Set<RspecAttribute> CEILINGS = Set.of(RspecAttribute.BURST_RATE, RspecAttribute.SUSTAINED_RATE,
            RspecAttribute.NOFILE_LIMIT);
    public static final Set<RspecAttribute> RESTRICTIONS = Set.of(RspecAttribute.CPU_CAP, RspecAttribute.VSYS);
    public static final Rspec EMPTY = new Rspec(Map.of(), List.of(), "", "", "", "");
    private static final int MAX_KEYS = 256;
    private static final int MAX_KEY_LENGTH = 16_384;

    public Rspec {
        Map<RspecAttribute, String> canonical = new TreeMap<>();
        requireNonNull(attributes, "attributes is null").forEach((attribute, value) ->
                canonical.put(requireNonNull(attribute, "attribute is null"), attribute.canonical(requireNonNull(value, "value is null"))));
        attributes = Map.copyOf(canonical);
        keys = List.copyOf(requireNonNull(keys, "keys is null"));
        requireNonNull(authority, "authority is null");
        requireNonNull(authorityCertificate, "authorityCertificate is null");
        requireNonNull(authorityUrl, "authorityUrl is null");
        requireNonNull(authorityCa, "authorityCa is null");
        if (!authorityUrl.isEmpty() && !authorityUrl.matches("https?://[A-Za-z0-9.:\\[\\]_-]+(/[A-Za-z0-9._~/-]*)?")) {
            throw PlanetLabException.invalidArgument("authority_url '" + abbreviate(authorityUrl) + "' must be an https:// URL");
        }
        if (keys.size() > MAX_KEYS) {
            throw PlanetLabException.invalidArgument("an RSpec holds at most " + MAX_KEYS + " keys, this one " + keys.size());
        }
        for (String key : keys) {
            if (key.length() > MAX_KEY_LENGTH || key.contains("\n") || key.isBlank()) {
                throw PlanetLabException.invalidArgument("each key must be one non-empty line of at most " + MAX_KEY_LENGTH + " characters");
            }
        }
        if (!authority.isEmpty() && !authority.matches("[a-z][a-z0-9_.-]{0,63}")) {
            throw PlanetLabException.invalidArgument("authority '" + abbreviate(authority) + "' must be like plc or plc.japan");
        }
    }

    public Rspec(Map<RspecAttribute, String> attributes, List<String> keys, String authority, String authorityCertificate) {
        this(attributes, keys, authority, authorityCertificate, "", "");
    }

    /** The same resources naming the authority of {@code other} (name, certificate, server, CA). */
    public Rspec withAuthorityOf(Rspec other) {
        return new Rspec(attributes, keys, other.authority, other.authorityCertificate, other.authorityUrl, other.authorityCa);
    }

    /** The same resources and keys without any authority. */
    public Rspec withoutAuthority() {
        return new Rspec(attributes, keys, "", "", "", "");
    }

    public Optional<String> value(RspecAttribute attribute) {
        return Optional.ofNullable(attributes.get(attribute));
    }

    /** The attribute's value, or its default when this RSpec does not set it. */
    public String valueOrDefault(RspecAttribute attribute) {
        return attributes.getOrDefault(attribute, attribute.defaultValue());
    }

    public long count(RspecAttribute attribute) {
        return attribute.parseCount(valueOrDefault(attribute));
    }

    public Rspec withAttribute(RspecAttribute attribute, String value) {
        Map<RspecAttribute, String> changed = new LinkedHashMap<>(attributes);
        changed.put(attribute, value);
        return new Rspec(changed, keys, authority, authorityCertificate, authorityUrl, authorityCa);
    }

    public Rspec withKeys(List<String> newKeys) {
        return new Rspec(attributes, newKeys, authority, authorityCertificate, authorityUrl, authorityCa);
    }

    /**
     * Takes {@code part} out of this pool: returns what remains. Refused with
     * {@code QUOTA_EXCEEDED} if the pool does not hold that much of a quantity or a ceiling.
     */
    public Rspec split(Rspec part) {
        Map<RspecAttribute, String> remaining = new LinkedHashMap<>(attributes);
        part.attributes().forEach((attribute, value) -> {
            if (attribute.kind() != RspecAttribute.Kind.COUNT || RESTRICTIONS.contains(attribute)) {
                return;
            }
            String held = attributes.get(attribute);
            long have = held == null ? 0 : attribute.parseCount(held);
            long want = attribute.parseCount(value);
            if (want > have) {
                throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "the pool holds %d %s of %s, the split asks for %d"
                        .formatted(have, attribute.unit(), attribute.attributeName(), want));
            }
            if (ADDITIVE.contains(attribute)) {
                remaining.put(attribute, Long.toString(have - want));
            }
        });
        return new Rspec(remaining, keys, authority, authorityCertificate, authorityUrl, authorityCa);
    }

    /** Adds the resources of {@code other} to these: quantities summed, ceilings the larger, restrictions replaced. */
    public Rspec plus(Rspec other) {
        Map<RspecAttribute, String> combined = new LinkedHashMap<>(attributes);
        other.attributes().forEach((attribute, value) -> {
            String mine = attributes.get(attribute);
            if (mine == null || attribute.kind() != RspecAttribute.Kind.COUNT || RESTRICTIONS.contains(attribute)) {
                combined.put(attribute, value);
            } else if (ADDITIVE.contains(attribute)) {
                combined.put(attribute, Long.toString(attribute.parseCount(mine) + attribute.parseCount(value)));
            } else {
                combined.put(attribute, Long.toString(Math.max(attribute.parseCount(mine), attribute.parseCount(value))));
            }
        });
        List<String> allKeys = new ArrayList<>(keys);
        other.keys().stream().filter(key -> !allKeys.contains(key)).forEach(allKeys::add);
        return new Rspec(combined, allKeys, authority, authorityCertificate, authorityUrl, authorityCa);
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
