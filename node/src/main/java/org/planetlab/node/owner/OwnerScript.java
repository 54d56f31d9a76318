package org.planetlab.node.owner;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.planetlab.api.error.IoCauses;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.nodemanager.NodeManagerClient;
import org.planetlab.api.nodemanager.NodeManagerOperations;
import org.planetlab.api.nodemanager.NodeManagerRequests;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecAttribute;

/**
 * The site's owner script (Architecture §4.9) as a properties file the owner VM applies through
 * the node manager:
 *
 * <pre>
 * node-rate-kbps = 20000
 * blacklisted-slices = badlab_probe, other_slice
 * blacklisted-authorities = plc.evil
 * accounts-from = plc.scs
 * pool.plc.slice = plc.scs
 * pool.plc.authority = plc
 * pool.plc.authority-cert-file = /etc/planetlab/plc-sa.cert.xml
 * pool.plc.authority-url = https://plc.example.org
 * pool.plc.authority-ca-file = /etc/planetlab/plc-tls-ca.pem
 * pool.plc.rspec.cpu_share = 100
 * pool.plc.rspec.mem_limit = 20000
 * </pre>
 *
 * Applying is idempotent: a pool is created only if no pool for its slice and authority exists.
 */
public record OwnerScript(long nodeRateKbps, List<String> blacklistedSlices, List<String> blacklistedAuthorities, String accountsFrom,
        List<PoolEntry> pools) {
    /** One pool the owner hands to a slice (usually a slice authority's creation service). */
    public record PoolEntry(String slice, Rspec rspec) {
        public PoolEntry {
            requireNonNull(slice, "slice is null");
            requireNonNull(rspec, "rspec is null");
        }
    }

    public OwnerScript {
        blacklistedSlices = List.copyOf(blacklistedSlices);
        blacklistedAuthorities = List.copyOf(blacklistedAuthorities);
        requireNonNull(accountsFrom, "accountsFrom is null");
        pools = List.copyOf(pools);
    }

    public static OwnerScript read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw PlanetLabException.invalidArgument("cannot read owner script " + file + ": " + IoCauses.describe(e));
        }
        Map<String, Map<String, String>> poolProperties = new TreeMap<>();
        long rate = 0;
        List<String> slices = List.of();
        List<String> authorities = List.of();
        String accountsFrom = "";
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).strip();
            switch (key) {
                case "node-rate-kbps" -> rate = parseRate(value);
                case "blacklisted-slices" -> slices = list(value);
                case "blacklisted-authorities" -> authorities = list(value);
                case "accounts-from" -> accountsFrom = value;
                default -> {
                    String[] parts = key.split("\\.", 3);
                    if (parts.length < 3 || !parts[0].equals("pool")) {
                        throw PlanetLabException.invalidArgument("owner script key '" + key + "' is unknown; keys are node-rate-kbps,"
                                + " blacklisted-slices, blacklisted-authorities, accounts-from and"
                                + " pool.<name>.(slice|authority|authority-cert-file|authority-url|authority-ca-file|rspec.<attribute>)");
                    }
                    poolProperties.computeIfAbsent(parts[1], name -> new LinkedHashMap<>()).put(parts[2], value);
                }
            }
        }
        List<PoolEntry> pools = new ArrayList<>();
        poolProperties.forEach((name, values) -> pools.add(pool(name, values, file.getParent())));
        return new OwnerScript(rate, slices, authorities, accountsFrom, pools);
    }

    private static PoolEntry pool(String name, Map<String, String> values, Path directory) {
        String slice = values.get("slice");
        if (slice == null) {
            throw PlanetLabException.invalidArgument("owner script pool." + name + ".slice is missing");
        }
        Map<RspecAttribute, String> attributes = new LinkedHashMap<>();
        String authority = "";
        String certificate = "";
        String url = "";
        String ca = "";
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("rspec.")) {
                String attributeName = key.substring("rspec.".length());
                attributes.put(RspecAttribute.lookup(attributeName).orElseThrow(() -> PlanetLabException.invalidArgument(
                        "owner script pool." + name + "." + key + ": unknown RSpec attribute")), entry.getValue());
            } else if (key.equals("authority")) {
                authority = entry.getValue();
            } else if (key.equals("authority-cert-file")) {
                certificate = readCertificate(directory == null ? Path.of(entry.getValue()) : directory.resolve(entry.getValue()));
            } else if (key.equals("authority-url")) {
                url = entry.getValue();
            } else if (key.equals("authority-ca-file")) {
                ca = readCertificate(directory == null ? Path.of(entry.getValue()) : directory.resolve(entry.getValue()));
            } else if (!key.equals("slice")) {
                throw PlanetLabException.invalidArgument("owner script pool." + name + "." + key + " is unknown");
            }
        }
        return new PoolEntry(slice, new Rspec(attributes, List.of(), authority, certificate, url, ca));
    }

    /**
     * The text of an owner script that hands the whole node to one slice authority's creation
     * service and lets that service install the site's and operators' login keys: what a site that
     * trusts PLC for everything (the testbed in a box) writes. Quantities are large enough never
     * to be the limit; the node's own limits (memory, disk, admission control) still apply.
     *
     * @param authority the slice authority, e.g. {@code plc}
     * @param service its slice creation service, e.g. {@code plc.scs}
     * @param certificate the authority's XML certificate (its {@code sa.cert.xml})
     */
    public static String wholeNode(String authority, String service, Path certificate) {
        return """
                # The whole node for slice authority %1$s; see docs/node-agent.md (owner script)
                accounts-from = %2$s
                pool.%1$s.slice = %2$s
                pool.%1$s.authority = %1$s
                pool.%1$s.authority-cert-file = %3$s
                pool.%1$s.rspec.cpu_share = 1000000
                pool.%1$s.rspec.cpu_guarantee = 90
                pool.%1$s.rspec.mem_limit = 100000000
                pool.%1$s.rspec.disk_quota = 100000000000
                pool.%1$s.rspec.base_rate = 90000
                pool.%1$s.rspec.burst_rate = 100000000
                pool.%1$s.rspec.sustained_rate = 100000000
                pool.%1$s.rspec.pids_limit = 100000000
                pool.%1$s.rspec.nofile_limit = 1048576
                """.formatted(authority, service, certificate);
    }

    /** Applies the script through the node manager; the caller must be the owner VM or root. */
    public void apply(NodeManagerClient client) {
        if (nodeRateKbps > 0) {
            client.call(NodeManagerOperations.SET_NODE_RATE, new NodeManagerRequests.NodeRate(nodeRateKbps));
        }
        client.call(NodeManagerOperations.SET_BLACKLIST, new NodeManagerRequests.Blacklist(blacklistedSlices, blacklistedAuthorities));
        client.call(NodeManagerOperations.SET_ACCOUNTS_FROM, new NodeManagerRequests.AccountsFrom(accountsFrom));
        List<String> held = client.getRcaps();
        for (PoolEntry pool : pools) {
            boolean exists = false;
            for (String rcap : held) {
                Rspec existing = client.getRspec(rcap);
                exists |= existing.authority().equals(pool.rspec().authority()) && slicesOf(client, rcap).equals(pool.slice());
            }
            if (!exists) {
                client.createPool(pool.rspec(), pool.slice());
            }
        }
    }

    private static String slicesOf(NodeManagerClient client, String rcap) {
        return client.call(NodeManagerOperations.GET_POOL, new NodeManagerRequests.Rcap(rcap)).slice();
    }

    private static String readCertificate(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw PlanetLabException.invalidArgument("cannot read authority certificate " + file + ": " + IoCauses.describe(e));
        }
    }

    private static long parseRate(String value) {
        try {
            long rate = Long.parseLong(value);
            if (rate <= 0) {
                throw new NumberFormatException();
            }
            return rate;
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument("owner script node-rate-kbps must be a positive number of kbit/s, was " + value);
        }
    }

    private static List<String> list(String value) {
        return value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
