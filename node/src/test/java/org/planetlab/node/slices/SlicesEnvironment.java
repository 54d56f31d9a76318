package org.planetlab.node.slices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;
import org.planetlab.api.nodemanager.NodeManagerClient;
import org.planetlab.node.privileged.HostCapabilities;
import org.planetlab.node.privileged.Leftovers;
import org.planetlab.node.privileged.TestingNodeAgent;
import org.planetlab.plc.testing.Registry;

/**
 * Everything a slice needs to reach a node, for real: a PLC over TLS, a site with a PI and a user
 * who uploaded an SSH key, a node registered with its address whose plnode.txt, PLC CA, root keys
 * and owner script (a pool for plc.scs with the slice authority's certificate) are installed the
 * way a site would, and the node agent running in the node's network namespace. {@link #close}
 * removes all of it, also after a failed test.
 */
final class SlicesEnvironment implements AutoCloseable {
    static final String SITE = "test";
    static final String USER = "user@test.org";
    static final String PI = "pi@test.org";
    private static final Path AGENTS = Path.of("target/agents").toAbsolutePath();

    final NodeNetwork network;
    final PlcServer plc;
    final PlcClient operator;
    final PlcClient user;
    final PlcClient pi;
    final Registry registry;
    final long siteId;
    final long nodeId;
    final String hostname;
    final Path base;
    final SshKeys keys;
    final AgentProcess agent;
    final String prefix;

    private SlicesEnvironment(NodeNetwork network, PlcServer plc, Map<String, String> extraConfig) {
        this.network = network;
        this.plc = plc;
        this.prefix = network.tag;
        this.base = AGENTS.resolve(prefix);
        this.operator = plc.operator();
        this.registry = new Registry(operator);
        this.siteId = registry.site(SITE);
        this.user = plc.client(registry.person(USER, "user", siteId));
        this.pi = plc.client(registry.person(PI, "pi", siteId));
        this.keys = SshKeys.create(base.resolve("keys"));
        user.call("AddPersonKey", registry.personId(USER), Map.of("key_type", "ssh", "key", keys.userPublic()));
        operator.call("AddPersonKey", registry.personId(PlcServer.OPERATOR), Map.of("key_type", "ssh", "key", keys.operatorPublic()));
        this.hostname = "node1." + prefix + ".test.org";
        this.nodeId = registry.node(siteId, hostname, network.nodeAddress);
        writeNodeFiles();
        this.agent = new AgentProcess(base, config(extraConfig), network.namespacePath());
    }

    static SlicesEnvironment start(String purpose, Map<String, String> extraConfig) {
        return start(purpose, extraConfig, Map.of());
    }

    /** With further PLC configuration keys. */
    static SlicesEnvironment start(String purpose, Map<String, String> extraConfig, Map<String, String> plcSettings) {
        HostCapabilities.require();
        Leftovers.removeOnce(AGENTS);
        TestingNodeAgent.buildImage();
        NodeNetwork network = NodeNetwork.create(purpose);
        PlcServer plc = null;
        SlicesEnvironment environment = null;
        try {
            plc = PlcServer.start(network.plcAddress, plcSettings);
            environment = new SlicesEnvironment(network, plc, extraConfig);
            environment.agent.start();
            return environment;
        } catch (RuntimeException e) {
            if (environment != null) {
                environment.close();
            } else {
                if (plc != null) {
                    plc.close();
                }
                network.close();
            }
            throw e;
        }
    }

    private Map<String, String> config(Map<String, String> extra) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("prefix", prefix);
        values.put("state-dir", base.resolve("state").toString());
        values.put("run-dir", base.resolve("run").toString());
        values.put("image-dir", TestingNodeAgent.IMAGE.toString());
        values.put("uid-base", Long.toString(3_600_000_000L + new SecureRandom().nextInt(60) * 10_000_000L));
        values.put("max-slivers", "64");
        values.put("disk-image-gigabytes", "4");
        values.put("owner-script", base.resolve("node/owner-script.properties").toString());
        values.put("plnode-file", base.resolve("node/plnode.txt").toString());
        values.put("plc-url", plc.uri().toString());
        values.put("plc-ca-file", plc.caFile().toString());
        values.put("trust-roots-dir", plc.rootsDirectory().toString());
        values.put("boot-check-seconds", "1");
        values.put("scs-wait-seconds", "20");
        values.put("uplink-device", "up0");
        values.put("node-address", network.nodeAddress);
        values.put("namespace-prefix", prefix + "-s");
        values.put("nft-table", "planetlab");
        values.put("spare-slots", "1");
        values.putAll(extra);
        return values;
    }

    /** What a site installs on its node: plnode.txt (0600) and the owner script with the SA's certificate. */
    private void writeNodeFiles() {
        Path node = base.resolve("node");
        try {
            Files.createDirectories(node);
            Path plnode = node.resolve("plnode.txt");
            Files.writeString(plnode, (String) operator.call("GetNodeConfigFile", nodeId), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(plnode, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(node.resolve("owner-script.properties"), org.planetlab.node.owner.OwnerScript.wholeNode("plc", "plc.scs", plc.saCertificateFile()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A slice of the test site with the user on it, on this node; returns its name. */
    String createSlice(String shortName, Map<String, Object> extraFields) {
        String name = SITE + "_" + shortName;
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("name", name));
        fields.putAll(extraFields);
        pi.call("AddSlice", fields);
        pi.call("AddPersonToSlice", USER, name);
        return name;
    }

    NodeManagerClient nodeManager() {
        return NodeManagerClient.connect(agent.socket());
    }

    /** The VM as the node manager records it, if any. */
    Optional<Map<?, ?>> vm(String name) {
        try (NodeManagerClient client = nodeManager()) {
            return Optional.of((Map<?, ?>) client.call("GetVM", Map.of("name", name)));
        } catch (PlanetLabException e) {
            return Optional.empty();
        }
    }

    Optional<String> phase(String name) {
        return vm(name).map(vm -> (String) vm.get("phase"));
    }

    /** Processes in the sliver's pids cgroup (its init and everything it started). */
    List<String> processes(String name) {
        Path procs = Path.of("/sys/fs/cgroup/pids", prefix, name, "cgroup.procs");
        try {
            return Files.exists(procs) ? Files.readAllLines(procs).stream().filter(line -> !line.isBlank()).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A file the sliver wrote, read through its writable layer. */
    Optional<String> sliverFile(String name, String path) {
        Path file = base.resolve("run/disk/slivers").resolve(name).resolve("upper").resolve(path.substring(1));
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Everything of a sliver on the node: record, cgroups, directories, disk, network namespace. */
    List<String> remainsOf(String name) {
        List<String> remains = new java.util.ArrayList<>();
        vm(name).ifPresent(vm -> remains.add("VM record " + vm.get("phase")));
        for (String controller : List.of("cpu", "memory", "pids")) {
            if (Files.exists(Path.of("/sys/fs/cgroup", controller, prefix, name))) {
                remains.add(controller + " cgroup");
            }
        }
        if (Files.exists(base.resolve("run/slivers").resolve(name))) {
            remains.add("sliver directory");
        }
        if (Files.exists(base.resolve("run/disk/planetlab").resolve(name))) {
            remains.add("/.planetlab directory");
        }
        if (Files.exists(base.resolve("run/disk/slivers").resolve(name))) {
            remains.add("disk subvolume");
        }
        String assigned = network.inNode().runAllowingFailure(List.of("nft", "list", "set", "ip", "planetlab", "assigned"), null).stdout();
        if (assigned.contains("\"" + name + "\"")) {
            remains.add("network slot");
        }
        return remains;
    }

    /** Waits for a condition on the node, failing with the agent's and the service's logs. */
    void await(String what, Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(20)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + " did not happen within " + atMost + "\n--- agent log tail ---\n" + tail(agent.logText())
                    + "\n--- slice creation service log tail ---\n" + tail(scsLog()), e);
        }
    }

    String scsLog() {
        try {
            return Files.readString(base.resolve("state/scs.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Keeps the agent's and the service's logs in target/slices-logs/PREFIX for a look after the run. */
    private void keepLogs() {
        Path logs = Path.of("target/slices-logs").toAbsolutePath().resolve(prefix);
        try {
            Files.createDirectories(logs);
            Files.writeString(logs.resolve("agent.log"), agent.logText());
            Files.writeString(logs.resolve("scs.log"), scsLog());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        try {
            agent.close();
            keepLogs();
        } finally {
            try {
                Leftovers.remove(prefix, base);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    plc.close();
                } finally {
                    network.close();
                }
            }
        }
    }

    /** Runs a host tool, for assertions. */
    static HostCommand host() {
        return HostCommand.onHost();
    }

    Credentials.Password userCredentials() {
        return new Credentials.Password(USER, "password-of-" + USER);
    }
}
