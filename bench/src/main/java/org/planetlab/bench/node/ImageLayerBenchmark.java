package org.planetlab.bench.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.node.NodeAgent;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.config.NodeAgentConfigLoader;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.manager.Caller;

/**
 * A sliver with Debian packages (docs/image.md, "Packages in a layer"): how long its first create
 * waits for the layer to be built, against creates over the cached layer and over the image
 * without packages. Run by bin/bench-image (as root) against a package repository such as the
 * testbed's ({@code http://10.77.0.1:3142/debian}); the layer directory is emptied first, so the
 * first create builds.
 *
 * <p>Arguments: work directory, Debian image directory, repository URL, [packages, default
 * {@code python3}], [creates per measured phase, default 20], [keyring the repository's index is signed
 * with, for a repository of one's own].
 */
public final class ImageLayerBenchmark {
    private static final long POLL_NANOS = 50_000_000L;

    private final NodeAgent agent;
    private int serial;

    private ImageLayerBenchmark(NodeAgent agent) {
        this.agent = agent;
    }

    public static void main(String[] arguments) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        if (arguments.length < 3) {
            System.err.println("usage: bench-image WORK_DIR DEBIAN_IMAGE_DIR REPOSITORY_URL [PACKAGES] [CREATES] [KEYRING]");
            System.exit(2);
        }
        Path work = Path.of(arguments[0]);
        Path image = Path.of(arguments[1]).toAbsolutePath();
        String packages = arguments.length > 3 ? arguments[3] : "python3";
        int creates = arguments.length > 4 ? Integer.parseInt(arguments[4]) : 20;
        HostCommand.onHost().run(List.of("rm", "-rf", "--one-file-system", work.resolve("state").toString()));
        Map<String, String> values = new HashMap<>(Map.of(
                "prefix", "benchimg",
                "state-dir", work.resolve("state").toString(),
                "run-dir", "/run/planetlab-bench-image",
                "image-dir", image.toString(),
                "image.debian", image.toString(),
                "package-repository", arguments[2],
                "uid-base", "3000000000",
                "max-slivers", Integer.toString(creates + 20),
                "disk-image-gigabytes", "8"));
        if (arguments.length > 5) {
            values.put("package-keyring", Path.of(arguments[5]).toAbsolutePath().toString());
        }
        NodeAgentConfig config = NodeAgentConfigLoader.fromMap(values);
        BareNamespaceNetwork network = new BareNamespaceNetwork("benchimg");
        NodeAgent agent = new NodeAgent(config, ignored -> network, HostCommand.onHost());
        try {
            agent.start();
            new ImageLayerBenchmark(agent).measure(packages, creates);
        } finally {
            agent.shutDownNode();
            HostCommand.onHost().run(List.of("rm", "-rf", "--one-file-system", work.resolve("state").toString()));
            if (Files.isDirectory(config.runDirectory())) {
                HostCommand.onHost().runAllowingFailure(List.of("rm", "-rf", "--one-file-system", config.runDirectory().toString()), null);
            }
        }
    }

    private void measure(String packages, int creates) throws InterruptedException {
        Map<RspecAttribute, String> plain = Map.of(RspecAttribute.IMAGE, "debian");
        Map<RspecAttribute, String> withPackages = Map.of(RspecAttribute.IMAGE, "debian", RspecAttribute.PACKAGES, packages);
        Latencies withoutLayer = phase(plain, creates);

        long started = System.nanoTime();
        int refusals = 0;
        String first = null;
        while (first == null) {
            try {
                first = create(withPackages);
            } catch (PlanetLabException e) {
                if (e.code() != ErrorCode.UNAVAILABLE) {
                    throw e;
                }
                refusals++;
                Thread.sleep(POLL_NANOS / 1_000_000);
            }
        }
        double builtSeconds = (System.nanoTime() - started) / 1e9;
        destroy(first);
        Latencies reused = phase(withPackages, creates);

        System.out.println();
        System.out.println("| measure (packages: " + packages + ") | value |");
        System.out.println("|---|---|");
        System.out.printf("| first create, layer built (refused as building %d times, polled every %d ms) | %.1f s |%n", refusals,
                POLL_NANOS / 1_000_000, builtSeconds);
        System.out.printf("| create over the cached layer, %d creates, p50 / p99 | %.2f / %.2f ms |%n", reused.count(),
                reused.percentileMillis(50), reused.percentileMillis(99));
        System.out.printf("| create over the image without packages, %d creates, p50 / p99 | %.2f / %.2f ms |%n",
                withoutLayer.count(), withoutLayer.percentileMillis(50), withoutLayer.percentileMillis(99));
    }

    /** {@code creates} slivers made one at a time and destroyed, timing each create. */
    private Latencies phase(Map<RspecAttribute, String> attributes, int creates) throws InterruptedException {
        Latencies latencies = new Latencies();
        for (int count = 0; count < creates; count++) {
            String rcap = agent.manager().createPool(Caller.HOST_ROOT, new Rspec(attributes, List.of(), "", ""), "plc.scs");
            String name = "benchimg_" + serial++;
            long started = System.nanoTime();
            agent.manager().bind(rcap, name, Rspec.EMPTY);
            latencies.add(System.nanoTime() - started);
            destroy(name);
        }
        return latencies;
    }

    private String create(Map<RspecAttribute, String> attributes) {
        String rcap = agent.manager().createPool(Caller.HOST_ROOT, new Rspec(attributes, List.of(), "", ""), "plc.scs");
        String name = "benchimg_" + serial++;
        agent.manager().bind(rcap, name, Rspec.EMPTY);
        return name;
    }

    /** Destroys a sliver and waits until its teardown is done, so the next create does not overlap it. */
    private void destroy(String name) throws InterruptedException {
        agent.manager().destroyVm(Caller.HOST_ROOT, name);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (agent.manager().recordedVms().stream().anyMatch(vm -> vm.name().equals(name)) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
