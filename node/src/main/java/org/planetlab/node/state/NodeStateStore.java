package org.planetlab.node.state;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.api.rspec.RspecWire;

/**
 * The node manager's durable table of pools, VMs and the owner's policy: one file per pool
 * (named by a hash of its rcap, never the rcap) and one for the policy, each written with
 * {@link AtomicFiles}, and the VMs in a {@link RecordLog}, whose change costs one flush of an
 * already allocated block: creating and destroying a sliver each wait for VM records. Writing
 * one object costs the same whatever the number of slivers.
 */
public final class NodeStateStore {
    private static final String POLICY = "policy.json";
    private static final String ACCOUNTS = "accounts.json";
    private final AtomicFiles pools;
    private final RecordLog vms;
    private final AtomicFiles policy;
    private final JsonCodec codec = new JsonCodec();

    public NodeStateStore(Path directory) {
        requireNonNull(directory, "directory is null");
        this.pools = new AtomicFiles(directory.resolve("pools"));
        this.vms = RecordLog.open(directory.resolve("vm-log"));
        this.policy = new AtomicFiles(directory.resolve("policy"));
        moveVmFilesToLog(directory.resolve("vms"));
    }

    /**
     * Earlier versions kept one file per VM in {@code vms/}. They go into the log, each flushed
     * there before any file is removed; a crash in between repeats the move with the same contents
     * (nothing else changes the table before the move is done).
     */
    private void moveVmFilesToLog(Path legacy) {
        if (!Files.isDirectory(legacy)) {
            return;
        }
        AtomicFiles files = new AtomicFiles(legacy);
        List<String> names = files.names();
        for (String name : names) {
            byte[] content = files.read(name);
            vms.put(String.valueOf(((Map<?, ?>) codec.read(content)).get("name")), content);
        }
        try {
            for (String name : names) {
                Files.deleteIfExists(legacy.resolve(name));
            }
            Files.deleteIfExists(legacy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + legacy + " after moving its VM records to the log", e);
        }
    }

    /** Gives back the log's file descriptors; the store is not used afterwards. */
    public void close() {
        vms.close();
    }

    public void savePool(PoolRecord pool) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("rcap", pool.rcap());
        wire.put("slice", pool.slice());
        wire.put("rspec", RspecWire.toWire(pool.rspec()));
        pools.write(poolFileName(pool.rcap()), codec.write(wire));
    }

    public void deletePool(String rcap) {
        pools.delete(poolFileName(rcap));
    }

    /**
     * Removes a pool that a VM record now names, without flushing the directory: the VM record is
     * already durable and {@code NodeManager.completeInterrupted} removes a pool that survives a crash.
     */
    public void consumePool(String rcap) {
        pools.deleteWithoutFlush(poolFileName(rcap));
    }

    public void saveVm(VmRecord vm) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", vm.name());
        wire.put("index", (long) vm.index());
        wire.put("vm_type", vm.vmType());
        wire.put("rspec", RspecWire.toWire(vm.rspec()));
        wire.put("rcap", vm.rcap());
        wire.put("phase", vm.phase().name());
        wire.put("bound_by", vm.boundBy());
        wire.put("created", vm.created().toString());
        vms.put(vm.name(), codec.write(wire));
    }

    public void deleteVm(String name) {
        vms.delete(name);
    }

    public void savePolicy(OwnerPolicy ownerPolicy) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("node_rate_kbps", ownerPolicy.nodeRateKbps());
        wire.put("blacklisted_slices", List.copyOf(ownerPolicy.blacklistedSlices()));
        wire.put("blacklisted_authorities", List.copyOf(ownerPolicy.blacklistedAuthorities()));
        wire.put("accounts_from", ownerPolicy.accountsFrom());
        policy.write(POLICY, codec.write(wire));
    }

    public void saveAccounts(Accounts accounts) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("site_admin", accounts.siteAdmin());
        wire.put("root", accounts.root());
        policy.write(ACCOUNTS, codec.write(wire));
    }

    public Accounts loadAccounts() {
        if (!policy.names().contains(ACCOUNTS)) {
            return Accounts.NONE;
        }
        Map<?, ?> wire = (Map<?, ?>) codec.read(policy.read(ACCOUNTS));
        return new Accounts(List.copyOf(strings(wire.get("site_admin"))), List.copyOf(strings(wire.get("root"))));
    }

    public List<PoolRecord> loadPools() {
        List<PoolRecord> loaded = new ArrayList<>();
        for (String name : pools.names()) {
            Map<?, ?> wire = (Map<?, ?>) codec.read(pools.read(name));
            loaded.add(new PoolRecord((String) wire.get("rcap"), (String) wire.get("slice"), RspecWire.fromWire(wire.get("rspec"))));
        }
        return loaded;
    }

    public List<VmRecord> loadVms() {
        List<VmRecord> loaded = new ArrayList<>();
        for (byte[] record : vms.records().values()) {
            Map<?, ?> wire = (Map<?, ?>) codec.read(record);
            loaded.add(new VmRecord((String) wire.get("name"), Math.toIntExact((Long) wire.get("index")),
                    (String) wire.get("vm_type"), RspecWire.fromWire(wire.get("rspec")), (String) wire.get("rcap"),
                    VmPhase.valueOf((String) wire.get("phase")), (String) wire.get("bound_by"),
                    Instant.parse((String) wire.get("created"))));
        }
        return loaded;
    }

    public OwnerPolicy loadPolicy() {
        if (!policy.names().contains(POLICY)) {
            return OwnerPolicy.NONE;
        }
        Map<?, ?> wire = (Map<?, ?>) codec.read(policy.read(POLICY));
        Object accountsFrom = wire.get("accounts_from");
        return new OwnerPolicy((Long) wire.get("node_rate_kbps"), strings(wire.get("blacklisted_slices")),
                strings(wire.get("blacklisted_authorities")), accountsFrom == null ? "" : (String) accountsFrom);
    }

    private static Set<String> strings(Object list) {
        Set<String> values = new TreeSet<>();
        for (Object element : (List<?>) list) {
            values.add((String) element);
        }
        return values;
    }

    /** A file name derived from the rcap: listing the directory does not reveal capabilities. */
    static String poolFileName(String rcap) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rcap.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
