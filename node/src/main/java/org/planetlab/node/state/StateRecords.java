package org.planetlab.node.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.rspec.RspecWire;
import org.planetlab.api.wire.JsonCodec;

/**
 * How each part of the node's state is written in the log: a record name per object (a VM by
 * its name, a pool by a hash of its rcap, never the rcap, the policy and the accounts once each)
 * and its JSON, the same JSON earlier versions kept in one file per object.
 */
final class StateRecords {
    static final String VM = "vm/";
    static final String POOL = "pool/";
    static final String POLICY = "policy";
    static final String ACCOUNTS = "accounts";
    private static final JsonCodec CODEC = new JsonCodec();

    private StateRecords() {}

    static String vmName(String name) {
        return VM + name;
    }

    /** A name derived from the rcap: the log's names reveal no capability. */
    static String poolName(String rcap) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rcap.getBytes(StandardCharsets.UTF_8));
            return POOL + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    static byte[] pool(PoolRecord pool) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("rcap", pool.rcap());
        wire.put("slice", pool.slice());
        wire.put("rspec", RspecWire.toWire(pool.rspec()));
        return CODEC.write(wire);
    }

    static PoolRecord pool(byte[] json) {
        Map<?, ?> wire = (Map<?, ?>) CODEC.read(json);
        return new PoolRecord((String) wire.get("rcap"), (String) wire.get("slice"), RspecWire.fromWire(wire.get("rspec")));
    }

    static byte[] vm(VmRecord vm) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", vm.name());
        wire.put("index", (long) vm.index());
        wire.put("vm_type", vm.vmType());
        wire.put("rspec", RspecWire.toWire(vm.rspec()));
        wire.put("rcap", vm.rcap());
        wire.put("phase", vm.phase().name());
        wire.put("bound_by", vm.boundBy());
        wire.put("created", vm.created().toString());
        if (vm.sliceId() != 0) {
            wire.put("slice_id", vm.sliceId());
        }
        if (vm.siteStopped()) {
            wire.put("site_stopped", true);
        }
        return CODEC.write(wire);
    }

    static VmRecord vm(byte[] json) {
        Map<?, ?> wire = (Map<?, ?>) CODEC.read(json);
        return new VmRecord((String) wire.get("name"), Math.toIntExact((Long) wire.get("index")), (String) wire.get("vm_type"),
                RspecWire.fromWire(wire.get("rspec")), (String) wire.get("rcap"), VmPhase.valueOf((String) wire.get("phase")),
                (String) wire.get("bound_by"), Instant.parse((String) wire.get("created")),
                wire.get("slice_id") instanceof Long sliceId ? sliceId : 0, Boolean.TRUE.equals(wire.get("site_stopped")));
    }

    static byte[] policy(OwnerPolicy policy) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("node_rate_kbps", policy.nodeRateKbps());
        wire.put("blacklisted_slices", List.copyOf(policy.blacklistedSlices()));
        wire.put("blacklisted_authorities", List.copyOf(policy.blacklistedAuthorities()));
        wire.put("accounts_from", policy.accountsFrom());
        return CODEC.write(wire);
    }

    static OwnerPolicy policy(byte[] json) {
        Map<?, ?> wire = (Map<?, ?>) CODEC.read(json);
        Object accountsFrom = wire.get("accounts_from");
        return new OwnerPolicy((Long) wire.get("node_rate_kbps"), strings(wire.get("blacklisted_slices")),
                strings(wire.get("blacklisted_authorities")), accountsFrom == null ? "" : (String) accountsFrom);
    }

    static byte[] accounts(Accounts accounts) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("site_admin", accounts.siteAdmin());
        wire.put("root", accounts.root());
        return CODEC.write(wire);
    }

    static Accounts accounts(byte[] json) {
        Map<?, ?> wire = (Map<?, ?>) CODEC.read(json);
        return new Accounts(List.copyOf(strings(wire.get("site_admin"))), List.copyOf(strings(wire.get("root"))));
    }

    /** The change that recreates the object recorded under {@code name}. */
    static StateChange saved(String name, byte[] json) {
        if (name.startsWith(VM)) {
            return new StateChange.VmSaved(vm(json));
        }
        if (name.startsWith(POOL)) {
            return new StateChange.PoolSaved(pool(json));
        }
        return switch (name) {
            case POLICY -> new StateChange.PolicySaved(policy(json));
            case ACCOUNTS -> new StateChange.AccountsSaved(accounts(json));
            default -> throw new IllegalStateException("the node's state log holds a record named " + name
                    + " that this version does not know; run the version of the node agent that wrote it");
        };
    }

    private static Set<String> strings(Object list) {
        Set<String> values = new TreeSet<>();
        for (Object element : (List<?>) list) {
            values.add((String) element);
        }
        return values;
    }
}
