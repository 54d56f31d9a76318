package org.planetlab.api.nodemanager;

import static org.planetlab.api.nodemanager.CallerRights.ACCOUNTS_INSTALLER;
import static org.planetlab.api.nodemanager.CallerRights.ANY;
import static org.planetlab.api.nodemanager.CallerRights.RCAP_HOLDER;
import static org.planetlab.api.nodemanager.CallerRights.SITE;
import static org.planetlab.api.nodemanager.CallerRights.SLIVER;
import static org.planetlab.api.nodemanager.CallerRights.VM_MANAGER;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.nodemanager.NodeManagerReplies.Certificate;
import org.planetlab.api.nodemanager.NodeManagerReplies.Identity;
import org.planetlab.api.nodemanager.NodeManagerReplies.Policy;
import org.planetlab.api.nodemanager.NodeManagerReplies.Pool;
import org.planetlab.api.nodemanager.NodeManagerReplies.SignedLease;
import org.planetlab.api.nodemanager.NodeManagerReplies.Vm;
import org.planetlab.api.nodemanager.NodeManagerRequests.Accounts;
import org.planetlab.api.nodemanager.NodeManagerRequests.AccountsFrom;
import org.planetlab.api.nodemanager.NodeManagerRequests.Bind;
import org.planetlab.api.nodemanager.NodeManagerRequests.Blacklist;
import org.planetlab.api.nodemanager.NodeManagerRequests.Capture;
import org.planetlab.api.nodemanager.NodeManagerRequests.CreatePool;
import org.planetlab.api.nodemanager.NodeManagerRequests.Lease;
import org.planetlab.api.nodemanager.NodeManagerRequests.NodeRate;
import org.planetlab.api.nodemanager.NodeManagerRequests.Nothing;
import org.planetlab.api.nodemanager.NodeManagerRequests.Rcap;
import org.planetlab.api.nodemanager.NodeManagerRequests.ServiceCertificate;
import org.planetlab.api.nodemanager.NodeManagerRequests.SplitAndBind;
import org.planetlab.api.nodemanager.NodeManagerRequests.SplitPool;
import org.planetlab.api.nodemanager.NodeManagerRequests.UpdateVm;
import org.planetlab.api.nodemanager.NodeManagerRequests.Usage;
import org.planetlab.api.nodemanager.NodeManagerRequests.VmName;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecWire;

/**
 * The node manager's operations (Architecture §4.3): the one list the server dispatches through
 * and every client (slice creation service, owner script, CLI, testbed) calls through, with each
 * operation's caller rights and its typed request and reply. docs/node-agent.md lists them.
 */
public final class NodeManagerOperations {
    private NodeManagerOperations() {}

    // ---- wire forms shared by several operations ----

    private static final WireCodec<Nothing> NOTHING = WireCodec.of(nothing -> Map.of(), wire -> {
        WireFields.of(wire);
        return Nothing.INSTANCE;
    });
    private static final WireCodec<Boolean> DONE = WireCodec.of(done -> done, wire -> Boolean.TRUE.equals(wire));
    private static final WireCodec<String> RCAP = WireCodec.of(rcap -> rcap, wire -> text(wire, "rcap"));
    private static final WireCodec<Rspec> RSPEC = WireCodec.of(RspecWire::toWire, RspecWire::fromWire);
    private static final WireCodec<Rcap> RCAP_REQUEST = request(rcap -> Map.of("rcap", rcap.rcap()),
            fields -> new Rcap(fields.string("rcap")));
    private static final WireCodec<VmName> VM_NAME = request(vm -> Map.of("name", vm.name()),
            fields -> new VmName(fields.string("name")));
    private static final WireCodec<Vm> VM = WireCodec.of(NodeManagerOperations::vmToWire,
            wire -> vmFromWire(WireFields.of(wire)));
    private static final WireCodec<List<Vm>> VMS = WireCodec.of(vms -> vms.stream().map(NodeManagerOperations::vmToWire).toList(),
            wire -> list(wire, "VMs").stream().map(vm -> vmFromWire(WireFields.of(vm))).toList());
    private static final WireCodec<List<String>> STRINGS = WireCodec.of(strings -> strings,
            wire -> WireFields.strings("result", wire));
    private static final WireCodec<Policy> POLICY = WireCodec.of(NodeManagerOperations::policyToWire, wire -> {
        WireFields fields = WireFields.of(wire);
        return new Policy(fields.count("node_rate_kbps"), fields.strings("blacklisted_slices"),
                fields.strings("blacklisted_authorities"), fields.string("accounts_from"));
    });

    // ---- pools (Architecture §4.3) ----

    public static final NodeManagerOperation<CreatePool, String> CREATE_POOL = new NodeManagerOperation<>("CreatePool", SITE,
            "hands a pool of the node's resources to a service; returns its rcap",
            request(pool -> Map.of("rspec", RspecWire.toWire(pool.rspec()), "slice", pool.slice()),
                    fields -> new CreatePool(RspecWire.fromWire(fields.optional("rspec")), fields.string("slice"))),
            RCAP);
    public static final NodeManagerOperation<Nothing, List<String>> GET_RCAP = new NodeManagerOperation<>("GetRcap", ANY,
            "the rcaps of the pools handed to the caller", NOTHING, STRINGS);
    public static final NodeManagerOperation<Rcap, Pool> GET_POOL = new NodeManagerOperation<>("GetPool", RCAP_HOLDER,
            "the pool's service and resources", RCAP_REQUEST, WireCodec.of(
                    pool -> Map.of("slice", pool.slice(), "rspec", RspecWire.toWire(pool.rspec())),
                    wire -> {
                        WireFields fields = WireFields.of(wire);
                        return new Pool(fields.string("slice"), RspecWire.fromWire(fields.optional("rspec")));
                    }));
    public static final NodeManagerOperation<Rcap, Rspec> GET_RSPEC = new NodeManagerOperation<>("GetRspec", RCAP_HOLDER,
            "the resources of a pool or VM", RCAP_REQUEST, RSPEC);
    public static final NodeManagerOperation<SplitPool, String> SPLIT_POOL = new NodeManagerOperation<>("SplitPool", RCAP_HOLDER,
            "takes exactly rspec out of the pool into a new pool; returns its rcap",
            request(split -> Map.of("rcap", split.rcap(), "rspec", RspecWire.toWire(split.part())),
                    fields -> new SplitPool(fields.string("rcap"), RspecWire.fromWire(fields.required("rspec")))),
            RCAP);
    public static final NodeManagerOperation<Bind, Vm> BIND = new NodeManagerOperation<>("Bind", RCAP_HOLDER,
            "makes the pool a slice's VM (or adds it to the VM); rspec carries keys and bootscript",
            request(bind -> Map.of("rcap", bind.rcap(), "slice", bind.slice(), "rspec", RspecWire.toWire(bind.extras())),
                    fields -> new Bind(fields.string("rcap"), fields.string("slice"), RspecWire.fromWire(fields.optional("rspec")))),
            VM);
    public static final NodeManagerOperation<SplitAndBind, Vm> SPLIT_AND_BIND = new NodeManagerOperation<>("SplitAndBind",
            RCAP_HOLDER, "SplitPool then Bind in one call: a sliver from a pool in one round trip",
            request(call -> call.sliceId() == 0
                            ? Map.of("rcap", call.rcap(), "part", RspecWire.toWire(call.part()), "slice", call.slice(),
                                    "rspec", RspecWire.toWire(call.extras()))
                            : Map.of("rcap", call.rcap(), "part", RspecWire.toWire(call.part()), "slice", call.slice(),
                                    "rspec", RspecWire.toWire(call.extras()), "slice_id", call.sliceId()),
                    fields -> new SplitAndBind(fields.string("rcap"), RspecWire.fromWire(fields.required("part")),
                            fields.string("slice"), RspecWire.fromWire(fields.optional("rspec")), fields.optionalCount("slice_id", 0))),
            VM);

    // ---- VMs ----

    public static final NodeManagerOperation<Nothing, List<Vm>> LIST_VMS = new NodeManagerOperation<>("ListVMs", ANY,
            "the VMs the caller may see: all for the site and the services, its own for a sliver", NOTHING, VMS);
    public static final NodeManagerOperation<VmName, Vm> GET_VM = new NodeManagerOperation<>("GetVM", ANY,
            "one VM the caller may see", VM_NAME, VM);
    public static final NodeManagerOperation<VmName, Vm> START_VM = new NodeManagerOperation<>("StartVM", VM_MANAGER,
            "starts a stopped VM", VM_NAME, VM);
    public static final NodeManagerOperation<VmName, Vm> STOP_VM = new NodeManagerOperation<>("StopVM", VM_MANAGER,
            "stops a VM, keeping its files", VM_NAME, VM);
    public static final NodeManagerOperation<VmName, Boolean> DESTROY_VM = new NodeManagerOperation<>("DestroyVM", VM_MANAGER,
            "destroys a VM; its resources return to the node", VM_NAME, DONE);
    public static final NodeManagerOperation<UpdateVm, Vm> UPDATE_VM = new NodeManagerOperation<>("UpdateVM", VM_MANAGER,
            "replaces a VM's keys and/or bootscript",
            request(update -> {
                Map<String, Object> wire = new LinkedHashMap<>();
                wire.put("name", update.name());
                update.keys().ifPresent(keys -> wire.put("keys", keys));
                update.bootscript().ifPresent(bootscript -> wire.put("bootscript", bootscript));
                return wire;
            }, fields -> new UpdateVm(fields.string("name"), Optional.ofNullable(fields.optionalStrings("keys")),
                    Optional.ofNullable(fields.optionalString("bootscript")))),
            VM);
    public static final NodeManagerOperation<Usage, NodeManagerReplies.Usage> GET_USAGE = new NodeManagerOperation<>("GetUsage",
            ANY, "resource use of a VM the caller may see, or of the caller's own",
            request(usage -> usage.name().<Map<String, Object>>map(name -> Map.of("name", name)).orElse(Map.of()),
                    fields -> new Usage(Optional.ofNullable(fields.optionalString("name")))),
            WireCodec.of(NodeManagerOperations::usageToWire, wire -> {
                WireFields fields = WireFields.of(wire);
                return new NodeManagerReplies.Usage(fields.count("cpu_ns"), fields.count("memory_bytes"),
                        fields.count("disk_bytes"), fields.count("processes"), fields.count("bytes_sent"),
                        fields.count("packets_sent"), fields.count("bytes_received"), fields.count("packets_received"),
                        fields.optionalCount("cpu_cap", 0), fields.optionalCount("cpu_throttled_ns", 0));
            }));
    public static final NodeManagerOperation<Nothing, Identity> WHO_AM_I = new NodeManagerOperation<>("WhoAmI", ANY,
            "who the node manager knows the caller as", NOTHING, WireCodec.of(
                    identity -> Map.of("slice", identity.slice(), "host_root", identity.hostRoot(),
                            "privileged", identity.privileged()),
                    wire -> {
                        WireFields fields = WireFields.of(wire);
                        return new Identity(fields.string("slice"), fields.bool("host_root"), fields.bool("privileged"));
                    }));

    // ---- the owner's policy and the node's accounts (Architecture §4.2) ----

    public static final NodeManagerOperation<Nothing, Policy> GET_POLICY = new NodeManagerOperation<>("GetPolicy", ANY,
            "the owner's policy", NOTHING, POLICY);
    public static final NodeManagerOperation<Blacklist, Policy> SET_BLACKLIST = new NodeManagerOperation<>("SetBlacklist", SITE,
            "slices and slice authorities refused on this node",
            request(blacklist -> Map.of("slices", blacklist.slices(), "authorities", blacklist.authorities()),
                    fields -> new Blacklist(fields.strings("slices"), fields.strings("authorities"))),
            POLICY);
    public static final NodeManagerOperation<NodeRate, Policy> SET_NODE_RATE = new NodeManagerOperation<>("SetNodeRate", SITE,
            "caps the node's outgoing bandwidth (kbit/s; 0 for none)",
            request(rate -> Map.of("kbps", rate.kbps()), fields -> new NodeRate(fields.count("kbps"))), POLICY);
    public static final NodeManagerOperation<AccountsFrom, Policy> SET_ACCOUNTS_FROM = new NodeManagerOperation<>(
            "SetAccountsFrom", SITE, "names the service that may install the site_admin and root keys",
            request(from -> Map.of("slice", from.slice()), fields -> new AccountsFrom(fields.string("slice"))), POLICY);
    public static final NodeManagerOperation<Accounts, Boolean> SET_ACCOUNTS = new NodeManagerOperation<>("SetAccounts",
            ACCOUNTS_INSTALLER, "installs the keys of the site_admin and root accounts",
            request(accounts -> Map.of("site_admin", accounts.siteAdmin(), "root", accounts.root()),
                    fields -> new Accounts(fields.strings("site_admin"), fields.strings("root"))),
            DONE);

    // ---- signatures and diagnostics ----

    public static final NodeManagerOperation<ServiceCertificate, Certificate> SIGN_SERVICE_CERTIFICATE =
            new NodeManagerOperation<>("SignServiceCertificate", SLIVER,
                    "certifies the calling sliver's public key under the node's management authority",
                    request(key -> Map.of("public_key", key.publicKey()),
                            fields -> new ServiceCertificate(fields.string("public_key"))),
                    WireCodec.of(certificate -> Map.of("certificate", certificate.certificate()),
                            wire -> new Certificate(WireFields.of(wire).string("certificate"))));
    public static final NodeManagerOperation<Lease, SignedLease> SIGN_LEASE = new NodeManagerOperation<>("SignLease",
            VM_MANAGER, "signs a lease of a VM for a ticket",
            request(lease -> Map.of("name", lease.name(), "ticket_id", lease.ticketId(), "slice", lease.slice(),
                            "principal", lease.principal(), "start", lease.start().getEpochSecond(),
                            "end", lease.end().getEpochSecond()),
                    fields -> new Lease(fields.string("name"), fields.string("ticket_id"), fields.string("slice"),
                            fields.string("principal"), instant(fields, "start"), instant(fields, "end"))),
            WireCodec.of(lease -> Map.of("lease", lease.lease()), wire -> new SignedLease(WireFields.of(wire).string("lease"))));
    public static final NodeManagerOperation<Capture, List<String>> CAPTURE_TRAFFIC = new NodeManagerOperation<>(
            "CaptureTraffic", SITE, "a short capture of a VM's packets, one summary line each",
            request(capture -> Map.of("name", capture.name(), "packets", capture.packets(), "seconds", capture.seconds()),
                    fields -> new Capture(fields.string("name"), fields.count("packets"), fields.count("seconds"))),
            STRINGS);

    /** Every operation, in the order docs/node-agent.md lists them. */
    public static final List<NodeManagerOperation<?, ?>> ALL = List.of(CREATE_POOL, GET_RCAP, GET_POOL, GET_RSPEC, SPLIT_POOL,
            BIND, SPLIT_AND_BIND, LIST_VMS, GET_VM, START_VM, STOP_VM, DESTROY_VM, UPDATE_VM, GET_USAGE, WHO_AM_I, GET_POLICY,
            SET_BLACKLIST, SET_NODE_RATE, SET_ACCOUNTS_FROM, SET_ACCOUNTS, SIGN_SERVICE_CERTIFICATE, SIGN_LEASE, CAPTURE_TRAFFIC);

    private static final Map<String, NodeManagerOperation<?, ?>> BY_NAME = byName();

    /** The operation of this wire name, if there is one. */
    public static Optional<NodeManagerOperation<?, ?>> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static Map<String, NodeManagerOperation<?, ?>> byName() {
        Map<String, NodeManagerOperation<?, ?>> byName = new LinkedHashMap<>();
        for (NodeManagerOperation<?, ?> operation : ALL) {
            if (byName.put(operation.name(), operation) != null) {
                throw new IllegalStateException("two node-manager operations are named " + operation.name());
            }
        }
        return Map.copyOf(byName);
    }

    // ---- helpers for the wire forms above ----

    private static <Q> WireCodec<Q> request(Function<Q, Map<String, Object>> write, Function<WireFields, Q> read) {
        return WireCodec.of(write::apply, wire -> read.apply(WireFields.of(wire)));
    }

    private static Map<String, Object> vmToWire(Vm vm) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", vm.name());
        wire.put("vm_type", vm.vmType());
        wire.put("phase", vm.phase());
        wire.put("index", vm.index());
        wire.put("bound_by", vm.boundBy());
        wire.put("created", vm.created().toString());
        wire.put("rspec", RspecWire.toWire(vm.rspec()));
        if (vm.siteStopped()) {
            wire.put("site_stopped", true);
        }
        return wire;
    }

    private static Vm vmFromWire(WireFields fields) {
        Instant created;
        try {
            created = Instant.parse(fields.string("created"));
        } catch (DateTimeException e) {
            throw PlanetLabException.invalidArgument("parameter created is not an ISO-8601 instant");
        }
        return new Vm(fields.string("name"), fields.string("vm_type"), fields.string("phase"), fields.count("index"),
                fields.string("bound_by"), created, RspecWire.fromWire(fields.optional("rspec")),
                Boolean.TRUE.equals(fields.optional("site_stopped")));
    }

    private static Map<String, Object> usageToWire(NodeManagerReplies.Usage usage) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("cpu_ns", usage.cpuNanoseconds());
        wire.put("memory_bytes", usage.memoryBytes());
        wire.put("disk_bytes", usage.diskBytes());
        wire.put("processes", usage.processes());
        wire.put("bytes_sent", usage.bytesSent());
        wire.put("packets_sent", usage.packetsSent());
        wire.put("bytes_received", usage.bytesReceived());
        wire.put("packets_received", usage.packetsReceived());
        wire.put("cpu_cap", usage.cpuCapPercent());
        wire.put("cpu_throttled_ns", usage.cpuThrottledNanoseconds());
        return wire;
    }

    private static Map<String, Object> policyToWire(Policy policy) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("node_rate_kbps", policy.nodeRateKbps());
        wire.put("blacklisted_slices", policy.blacklistedSlices());
        wire.put("blacklisted_authorities", policy.blacklistedAuthorities());
        wire.put("accounts_from", policy.accountsFrom());
        return wire;
    }

    private static Instant instant(WireFields fields, String name) {
        try {
            return Instant.ofEpochSecond(fields.count(name));
        } catch (DateTimeException e) {
            throw PlanetLabException.invalidArgument("parameter " + name + " is not a time in Unix seconds");
        }
    }

    private static String text(Object wire, String name) {
        if (!(wire instanceof String text)) {
            throw PlanetLabException.invalidArgument(name + " must be a string");
        }
        return text;
    }

    private static List<?> list(Object wire, String name) {
        if (!(wire instanceof List<?> list)) {
            throw PlanetLabException.invalidArgument(name + " must be an array");
        }
        return new ArrayList<>(list);
    }
}
