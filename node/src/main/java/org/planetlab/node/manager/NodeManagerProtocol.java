package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.node.owner.OwnerControls;
import org.planetlab.api.rspec.RspecWire;
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
 * Methods and parameters are listed in docs/node-agent.md.
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

    public NodeManagerProtocol(NodeManager manager, OwnerControls owner) {
        this(manager, owner, NodeSignatures.none());
    }

    public NodeManagerProtocol(NodeManager manager, OwnerControls owner, NodeSignatures signatures) {
        this.manager = requireNonNull(manager, "manager is null");
        this.owner = requireNonNull(owner, "owner is null");
        this.signatures = requireNonNull(signatures, "signatures is null");
    }

    /** Answers one request line; never throws. */
    public byte[] handle(Caller caller, byte[] line) {
        Map<String, Object> response = new LinkedHashMap<>();
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
            Object params = request.get("params");
            Params arguments = new Params(params == null ? Map.of() : asMap(params));
            response.put("result", call(caller, name, arguments));
        } catch (PlanetLabException e) {
            response.put("error", error(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("node manager request from {} failed", caller, e);
            response.put("error", error(ErrorCode.INTERNAL_ERROR, "the node manager failed: " + e.getClass().getSimpleName()));
        }
        return codec.write(response);
    }

    private Object call(Caller caller, String method, Params params) {
        return switch (method) {
            case "CreatePool" -> manager.createPool(caller, RspecWire.fromWire(params.optional("rspec")), params.string("slice"));
            case "GetRcap" -> manager.getRcaps(caller);
            case "GetPool" -> {
                var pool = manager.getPool(params.string("rcap"));
                yield Map.of("slice", pool.slice(), "rspec", RspecWire.toWire(pool.rspec()));
            }
            case "GetRspec" -> RspecWire.toWire(manager.getRspec(params.string("rcap")));
            case "SplitPool" -> manager.splitPool(params.string("rcap"), RspecWire.fromWire(params.required("rspec")));
            case "Bind" -> vm(manager.bind(params.string("rcap"), params.string("slice"), RspecWire.fromWire(params.optional("rspec"))));
            case "ListVMs" -> manager.listVms(caller).stream().map(NodeManagerProtocol::vm).toList();
            case "GetVM" -> vm(manager.getVm(caller, params.string("name")));
            case "StartVM" -> vm(manager.startVm(caller, params.string("name")));
            case "StopVM" -> vm(manager.stopVm(caller, params.string("name")));
            case "DestroyVM" -> {
                manager.destroyVm(caller, params.string("name"));
                yield true;
            }
            case "UpdateVM" -> vm(manager.updateVm(caller, params.string("name"), params.optionalStrings("keys"),
                    params.optionalString("bootscript")));
            case "GetUsage" -> usage(manager.usage(caller, params.optionalString("name")));
            case "WhoAmI" -> Map.of("slice", caller.slice(), "host_root", caller.hostRoot(), "privileged", caller.privileged());
            case "GetPolicy" -> policy(manager.policy());
            case "SetBlacklist" -> {
                manager.setPolicy(caller, manager.policy().withBlacklists(names(params.strings("slices")),
                        new TreeSet<>(params.strings("authorities"))));
                yield policy(manager.policy());
            }
            case "SetNodeRate" -> {
                long rate = params.count("kbps");
                manager.setPolicy(caller, manager.policy().withNodeRate(rate));
                owner.setNodeRate(rate);
                yield policy(manager.policy());
            }
            case "SetAccountsFrom" -> {
                String slice = params.string("slice");
                manager.setPolicy(caller, manager.policy().withAccountsFrom(slice.isEmpty() ? "" : SliceNames.check(slice)));
                yield policy(manager.policy());
            }
            case "SetAccounts" -> {
                manager.setAccounts(caller, new Accounts(keys(params.strings("site_admin")), keys(params.strings("root"))));
                yield true;
            }
            case "SignServiceCertificate" -> Map.of("certificate", signatures.serviceCertificate(caller, params.string("public_key")));
            case "SignLease" -> {
                VmRecord vm = manager.getVm(caller, params.string("name"));
                if (!caller.privileged() && !vm.boundBy().equals(caller.slice())) {
                    throw PlanetLabException.permissionDenied(caller + " did not create VM " + vm.name() + " and may not lease it");
                }
                yield Map.of("lease", signatures.lease(params.string("ticket_id"), params.string("slice"), params.string("principal"),
                        instant(params, "start"), instant(params, "end")));
            }
            case "CaptureTraffic" -> {
                requirePrivileged(caller);
                String name = SliceNames.check(params.string("name"));
                manager.getVm(caller, name);
                int packets = (int) Math.min(params.count("packets"), MAX_CAPTURE_PACKETS);
                int seconds = (int) Math.min(params.count("seconds"), MAX_CAPTURE_SECONDS);
                yield owner.captureTraffic(name, Math.max(packets, 1), Duration.ofSeconds(Math.max(seconds, 1)));
            }
            default -> throw new PlanetLabException(ErrorCode.UNKNOWN_METHOD, "unknown node manager method '"
                    + (method.length() > 40 ? method.substring(0, 40) + "..." : method) + "'");
        };
    }

    private static void requirePrivileged(Caller caller) {
        if (!caller.privileged()) {
            throw PlanetLabException.permissionDenied("only the owner VM " + SliceNames.OWNER_VM + " and root may capture traffic");
        }
    }

    private static Instant instant(Params params, String name) {
        try {
            return Instant.ofEpochSecond(params.count(name));
        } catch (java.time.DateTimeException e) {
            throw PlanetLabException.invalidArgument("parameter " + name + " is not a time in Unix seconds");
        }
    }

    /** Login keys: one line each; the same checks as an RSpec's keys. */
    private static List<String> keys(List<String> keys) {
        return org.planetlab.api.rspec.Rspec.EMPTY.withKeys(keys).keys();
    }

    private static Set<String> names(List<String> names) {
        Set<String> checked = new TreeSet<>();
        names.forEach(name -> checked.add(SliceNames.check(name)));
        return checked;
    }

    static Map<String, Object> vm(VmRecord vm) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", vm.name());
        wire.put("vm_type", vm.vmType());
        wire.put("phase", vm.phase().name());
        wire.put("index", (long) vm.index());
        wire.put("bound_by", vm.boundBy());
        wire.put("created", vm.created().toString());
        wire.put("rspec", RspecWire.toWire(vm.rspec()));
        return wire;
    }

    static Map<String, Object> usage(SliverUsage usage) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("cpu_ns", usage.cpuNanoseconds());
        wire.put("memory_bytes", usage.memoryBytes());
        wire.put("disk_bytes", usage.diskBytes());
        wire.put("processes", usage.processes());
        wire.put("bytes_sent", usage.bytesSent());
        wire.put("packets_sent", usage.packetsSent());
        wire.put("bytes_received", usage.bytesReceived());
        wire.put("packets_received", usage.packetsReceived());
        return wire;
    }

    private static Map<String, Object> policy(OwnerPolicy policy) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("node_rate_kbps", policy.nodeRateKbps());
        wire.put("blacklisted_slices", List.copyOf(policy.blacklistedSlices()));
        wire.put("blacklisted_authorities", List.copyOf(policy.blacklistedAuthorities()));
        wire.put("accounts_from", policy.accountsFrom());
        return wire;
    }

    private static Map<String, Object> error(ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        return error;
    }

    private static Map<?, ?> asMap(Object params) {
        if (!(params instanceof Map<?, ?> map)) {
            throw PlanetLabException.invalidArgument("\"params\" must be an object");
        }
        return map;
    }

    /** Typed access to request parameters, with errors naming the parameter. */
    private record Params(Map<?, ?> values) {
        Object required(String name) {
            Object value = values.get(name);
            if (value == null) {
                throw PlanetLabException.invalidArgument("parameter " + name + " is required");
            }
            return value;
        }

        Object optional(String name) {
            return values.get(name);
        }

        String string(String name) {
            if (!(required(name) instanceof String text)) {
                throw PlanetLabException.invalidArgument("parameter " + name + " must be a string");
            }
            return text;
        }

        String optionalString(String name) {
            return values.get(name) == null ? null : string(name);
        }

        long count(String name) {
            if (!(required(name) instanceof Long number) || number < 0) {
                throw PlanetLabException.invalidArgument("parameter " + name + " must be a non-negative whole number");
            }
            return number;
        }

        List<String> strings(String name) {
            Object value = values.get(name);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                throw PlanetLabException.invalidArgument("parameter " + name + " must be an array of strings");
            }
            List<String> strings = new ArrayList<>();
            for (Object element : list) {
                if (!(element instanceof String text)) {
                    throw PlanetLabException.invalidArgument("parameter " + name + " must be an array of strings");
                }
                strings.add(text);
            }
            return strings;
        }

        List<String> optionalStrings(String name) {
            return values.get(name) == null ? null : strings(name);
        }
    }
}
