package org.planetlab.node.net.slots;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.shaping.Eventually;

/** iperf3 between slivers and the testing node's Internet, bounded in time. */
final class Iperf {
    private final TestingNode node;

    Iperf(TestingNode node) {
        this.node = node;
    }

    /** The receiver's view of one client run: payload bits per second. */
    record Result(double goodputBitsPerSecond) {}

    /** Starts a one-test server on {@code port} in the Internet namespace and waits until it listens. */
    void server(int port) {
        node.start(node.internetNamespacePath(), List.of("timeout", "60", "iperf3", "-s", "-1", "-p", String.valueOf(port)));
        Eventually.within(Duration.ofSeconds(10), () -> assertThat(node.internetCommand()
                .run(List.of("ss", "-Hltn", "sport", "=", ":" + port))).contains(":" + port));
    }

    /** Starts a client in a sliver; {@code arguments} choose duration, flows and so on. */
    Process client(SliverNetworkHandle sliver, int port, String... arguments) {
        List<String> command = new ArrayList<>(List.of("timeout", "60", "iperf3", "-c", TestingNode.INTERNET_ADDRESS,
                "-p", String.valueOf(port), "-J"));
        command.addAll(List.of(arguments));
        return node.start(sliver.namespacePath().toString(), command);
    }

    static Result result(Process client) throws Exception {
        byte[] output = client.getInputStream().readAllBytes();
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("iperf3 finished").isTrue();
        JsonNode json = new ObjectMapper().readTree(output);
        assertThat(json.has("error")).as("iperf3 error: %s", json.path("error").asText()).isFalse();
        return new Result(json.path("end").path("sum_received").path("bits_per_second").asDouble());
    }

    /** Jain's fairness index: 1 when all are equal, 1/n when one takes everything. */
    static double jain(double... rates) {
        double sum = 0;
        double squares = 0;
        for (double rate : rates) {
            sum += rate;
            squares += rate * rate;
        }
        return sum * sum / (rates.length * squares);
    }
}
