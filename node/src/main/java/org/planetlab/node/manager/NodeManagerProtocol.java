package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.nodemanager.CallerRights;
import org.planetlab.api.nodemanager.NodeManagerOperation;
import org.planetlab.api.nodemanager.NodeManagerOperations;
import org.planetlab.api.nodemanager.NodeManagerReplies;
import org.planetlab.api.nodemanager.NodeManagerRequests;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.api.error.HostFailures;
import org.planetlab.node.owner.OwnerControls;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.node.state.Accounts;
import org.planetlab.node.state.OwnerPolicy;
import org.planetlab.node.state.SliceNames;
import org.planetlab.node.state.VmRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node manager's wire protocol: one JSON object per line in each direction. A request is
 * {@code {"id": any, "method": "Bind", "params": {...}}}; the answer carries the same id and
 * either {@code "result"} or {@code "error": {"code": "PERMISSION_DENIED", "message": "..."}}.
 * The methods are the operations of {@link NodeManagerOperations}, each bound here to what it
 * does; the catalog's caller rights "the site" are checked here, the others by the node manager
 * against the VM or pool named. They are listed in docs/node-agent.md.
 */
public final class NodeManagerProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(NodeManagerProtocol.class);
    /** Requests are small; a bootscript is the biggest thing in one. */
    public static final WireLimits LIMITS = new WireLimits(1024 * 1024, 16, 20_000);
    private static final int MAX_CAPTURE_PACKETS = 1000;
    private static final int MAX_CAPTURE_SECONDS = 30;

    private final NodeManager manager;
    private final OwnerControls owner;
    private final NodeSignatures signatures;
    private final JsonCodec codec = new JsonCodec(LIMITS);
    private final Map<String, Binding<?, ?>> bindings = new HashMap<>();

    public NodeManagerProtocol(NodeManager manager, OwnerControls owner) {
        this(manager, owner, NodeSignatures.none());
    }

    public NodeManagerProtocol(NodeManager manager, OwnerControls owner, NodeSignatures signatures) {
        this.manager = requireNonNull(manager, "manager is null");
        this.owner = requireNonNull(owner, "owner is null");
        this.signatures = requireNonNull(signatures, "signatures is null");
        bindAll();
        for (NodeManagerOperation<?, ?> operation : NodeManagerOperations.ALL) {
            if (!bindings.containsKey(operation.name())) {
                throw new IllegalStateException("node-manager operation " + operation.name() + " has no handler");
            }
        }
    }

    private void bindAll() {
        bind(NodeManagerOperations.CREATE_POOL, (caller, pool) -> manager.createPool(caller, pool.rspec(), pool.slice()));
        bind(NodeManagerOperations.GET_RCAP, (caller, nothing) -> manager.getRcaps(caller));
        bind(NodeManagerOperations.GET_POOL, (caller, rcap) -> {
            var pool = manager.getPool(rcap.rcap());
            return new NodeManagerReplies.Pool(pool.slice(), pool.rspec());
        });
        bind(NodeManagerOperations.GET_RSPEC, (caller, rcap) -> manager.getRspec(rcap.rcap()));
        bind(NodeManagerOperations.SPLIT_POOL, (caller, split) -> manager.splitPool(split.rcap(), split.part()));
        bind(NodeManagerOperations.BIND, (caller, bind) -> vm(manager.bind(bind.rcap(), bind.slice(), bind.extras())));
        bind(NodeManagerOperations.SPLIT_AND_BIND, (caller, call) -> vm(manager.splitAndBind(call.rcap(), call.part(), call.slice(), call.extras(), call.sliceId())));
        bind(NodeManagerOperations.LIST_VMS, (caller, nothing) -> manager.listVms(caller).stream().map(NodeManagerProtocol::vm).toList());
        bind(NodeManagerOperations.GET_VM, (caller, vm) -> vm(manager.getVm(caller, vm.name())));
        bind(NodeManagerOperations.START_VM, (caller, vm) -> vm(manager.startVm(caller, vm.name())));
        bind(NodeManagerOperations.STOP_VM, (caller, vm) -> vm(manager.stopVm(caller, vm.name())));
        bind(NodeManagerOperations.DESTROY_VM, (caller, vm) -> {
            manager.destroyVm(caller, vm.name());
            return true;
        });
        bind(NodeManagerOperations.UPDATE_VM, (caller, update) -> vm(manager.updateVm(caller, update.name(),
                update.keys().orElse(null), update.bootscript().orElse(null))));
        bind(NodeManagerOperations.GET_USAGE, (caller, usage) -> usage(manager.usage(caller, usage.name().orElse(null))));
        bind(NodeManagerOperations.WHO_AM_I, (caller, nothing) ->
                new NodeManagerReplies.Identity(caller.slice(), caller.hostRoot(), caller.privileged()));
        bind(NodeManagerOperations.GET_POLICY, (caller, nothing) -> policy(manager.policy()));
        bind(NodeManagerOperations.SET_BLACKLIST, (caller, blacklist) -> {
            manager.setPolicy(caller, manager.policy().withBlacklists(names(blacklist.slices()),
                    new TreeSet<>(blacklist.authorities())));
            return policy(manager.policy());
        });
        bind(NodeManagerOperations.SET_NODE_RATE, (caller, rate) -> {
            manager.setPolicy(caller, manager.policy().withNodeRate(rate.kbps()));
            owner.setNodeRate(rate.kbps());
            return policy(manager.policy());
        });
        bind(NodeManagerOperations.SET_ACCOUNTS_FROM, (caller, from) -> {
            manager.setPolicy(caller, manager.policy().withAccountsFrom(from.slice().isEmpty() ? "" : SliceNames.check(from.slice())));
            return policy(manager.policy());
        });
        bind(NodeManagerOperations.SET_ACCOUNTS, (caller, accounts) -> {
            manager.setAccounts(caller, new Accounts(keys(accounts.siteAdmin()), keys(accounts.root())));
            return true;
        });
        bind(NodeManagerOperations.SIGN_SERVICE_CERTIFICATE, (caller, key) ->
                new NodeManagerReplies.Certificate(signatures.serviceCertificate(caller, key.publicKey())));
        bind(NodeManagerOperations.SIGN_LEASE, (caller, lease) -> {
            VmRecord vm = manager.getVm(caller, lease.name());
            if (!caller.privileged() && !vm.boundBy().equals(caller.slice())) {
                throw PlanetLabException.permissionDenied(caller + " did not create VM " + vm.name() + " and may not lease it");
            }
            return new NodeManagerReplies.SignedLease(signatures.lease(lease.ticketId(), lease.slice(), lease.principal(),
                    lease.start(), lease.end()));
        });
        bind(NodeManagerOperations.CAPTURE_TRAFFIC, (caller, capture) -> {
            String name = SliceNames.check(capture.name());
            manager.getVm(caller, name);
            int packets = (int) Math.min(capture.packets(), MAX_CAPTURE_PACKETS);
            int seconds = (int) Math.min(capture.seconds(), MAX_CAPTURE_SECONDS);
            return owner.captureTraffic(name, Math.max(packets, 1), Duration.ofSeconds(Math.max(seconds, 1)));
        });
    }

    private <Q, R> void bind(NodeManagerOperation<Q, R> operation, BiFunction<Caller, Q, R> handler) {
        bindings.put(operation.name(), new Binding<>(operation, handler));
    }

    /** Answers one request line; never throws. */
    public byte[] handle(Caller caller, byte[] line) {
        Map<String, Object> response = new LinkedHashMap<>();
        String operation = "the request";
        try {
            Object decoded = codec.read(line);
            if (!(decoded instanceof Map<?, ?> request)) {
                throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "a request must be a JSON object");
            }
            response.put("id", request.get("id"));
            Object method = request.get("method");
            if (!(method instanceof String name)) {
                throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "a request needs a \"method\" string");
            }
            operation = name;
            Binding<?, ?> binding = bindings.get(name);
            if (binding == null) {
                throw new PlanetLabException(ErrorCode.UNKNOWN_METHOD, "unknown node manager method '"
                        + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "'");
            }
            response.put("result", binding.handle(caller, request.get("params")));
        } catch (PlanetLabException e) {
            response.put("error", error(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("node manager request {} from {} failed", operation, caller, e);
            PlanetLabException failure = HostFailures.of(operation, e);
            response.put("error", error(failure.code(), failure.getMessage()));
        }
        return codec.write(response);
    }

    /** One operation bound to its handler: reads the typed request, checks "the site" rights, writes the typed reply. */
    private record Binding<Q, R>(NodeManagerOperation<Q, R> operation, BiFunction<Caller, Q, R> handler) {
        Object handle(Caller caller, Object params) {
            Q request = operation.request().fromWire(params);
            if (operation.rights() == CallerRights.SITE && !caller.privileged()) {
                throw PlanetLabException.permissionDenied(operation.name() + " is reserved to the owner VM "
                        + SliceNames.OWNER_VM + " and root on the node; " + caller + " may not");
            }
            return operation.reply().toWire(handler.apply(caller, request));
        }
    }

    /** Login keys: one line each; the same checks as an RSpec's keys. */
    private static List<String> keys(List<String> keys) {
        return Rspec.EMPTY.withKeys(keys).keys();
    }

    private static Set<String> names(List<String> names) {
        Set<String> checked = new TreeSet<>();
        names.forEach(name -> checked.add(SliceNames.check(name)));
        return checked;
    }

    static NodeManagerReplies.Vm vm(VmRecord vm) {
        return new NodeManagerReplies.Vm(vm.name(), vm.vmType(), vm.phase().name(), vm.index(), vm.boundBy(), vm.created(),
                vm.rspec(), vm.siteStopped());
    }

    static NodeManagerReplies.Usage usage(SliverUsage usage) {
        return new NodeManagerReplies.Usage(usage.cpuNanoseconds(), usage.memoryBytes(), usage.diskBytes(), usage.processes(),
                usage.bytesSent(), usage.packetsSent(), usage.bytesReceived(), usage.packetsReceived(), usage.cpuCapPercent(),
                usage.cpuThrottledNanoseconds());
    }

    private static NodeManagerReplies.Policy policy(OwnerPolicy policy) {
        return new NodeManagerReplies.Policy(policy.nodeRateKbps(), List.copyOf(policy.blacklistedSlices()),
                List.copyOf(policy.blacklistedAuthorities()), policy.accountsFrom());
    }

    private static Map<String, Object> error(ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        return error;
    }
}
