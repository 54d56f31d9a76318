package org.planetlab.cli.ticket;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.ticket.RedemptionProof;

/**
 * Presents one ticket to many nodes at once, each call with its proof of possession, (2003 §4.2.4: "all node manager RPCs in parallel"),
 * records the leases, and keeps the nodes that could not be reached (or failed inside) for
 * {@code pl ticket retry}; nodes that refused the ticket are reported and not kept.
 */
final class Redemptions {
    /** How one node answered. */
    record Outcome(String node, boolean redeemed, boolean retry, String message) {}

    private final NodeEndpoints endpoints;
    private final TicketStore store;
    private final Optional<SshKeygenSigner> signer;

    Redemptions(NodeEndpoints endpoints, TicketStore store, Optional<SshKeygenSigner> signer) {
        this.endpoints = requireNonNull(endpoints, "endpoints is null");
        this.store = requireNonNull(store, "store is null");
        this.signer = requireNonNull(signer, "signer is null");
    }

    /** Redeems (or renews, for nodes holding a lease) on every node; returns each node's outcome. */
    List<Outcome> redeem(TicketStore.Entry entry, List<String> nodes, String method) {
        String ticket = TicketStore.read(entry.ticket());
        List<String> keys = store.keys(entry);
        List<Outcome> outcomes = inParallel(nodes, node -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ticket", ticket);
            body.put("keys", keys);
            Map<?, ?> answer = endpoints.call(node, method, proven(node, method, entry.ticketId(), keys, body));
            store.saveLease(entry, node, (String) answer.get("lease"));
            return "lease until " + java.time.Instant.ofEpochSecond(((Number) answer.get("end")).longValue()) + "; log in with ssh "
                    + answer.get("login");
        });
        store.saveUnredeemed(entry, outcomes.stream().filter(Outcome::retry).map(Outcome::node).toList());
        return outcomes;
    }

    /** Releases the ticket's slice on every node. */
    List<Outcome> release(TicketStore.Entry entry, List<String> nodes) {
        String ticket = TicketStore.read(entry.ticket());
        return inParallel(nodes, node -> "released " + endpoints.call(node, "ReleaseLease",
                proven(node, "ReleaseLease", entry.ticketId(), List.of(), new LinkedHashMap<>(Map.of("ticket", ticket)))).get("released"));
    }

    /**
     * Adds the proof of possession to a call's body: the node's challenge, signed with the user's
     * SSH key over the call ({@link RedemptionProof}). The node must name itself as the host
     * name it was asked by, so a node cannot pass off another node's challenge.
     */
    private Map<String, Object> proven(String node, String method, String ticketId, List<String> keys, Map<String, Object> body) {
        SshKeygenSigner keySigner = signer.orElseThrow(() -> PlanetLabException.invalidArgument("a ticket is redeemed only by"
                + " proving to hold an SSH key it names: give one with --identity (no ~/.ssh/id_ed25519 or ~/.ssh/id_rsa found)"));
        Map<?, ?> challenge = endpoints.call(node, "Challenge", Map.of());
        if (!(challenge.get("challenge") instanceof String nonce) || !(challenge.get("node") instanceof String hostname)) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "the node answered no challenge; is it a slice creation service?");
        }
        String asked = node.contains(":") && !node.startsWith("[") ? node.substring(0, node.lastIndexOf(':')) : node;
        if (!asked.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':' || c == '[' || c == ']')
                && !asked.equalsIgnoreCase(hostname)) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, "node " + node + " says it is " + hostname
                    + "; the proof is not signed for another node");
        }
        body.put("challenge", nonce);
        body.put("proof", keySigner.sign(new RedemptionProof(method, ticketId, hostname, nonce, keys).message()));
        return body;
    }

    private interface NodeCall {
        String apply(String node);
    }

    private static List<Outcome> inParallel(List<String> nodes, NodeCall call) {
        List<Outcome> outcomes = new ArrayList<>();
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("pl-node-", 0).factory())) {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (String node : nodes) {
                futures.add(executor.submit(() -> attempt(node, call)));
            }
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted", e);
        } catch (ExecutionException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "a node call failed: " + e.getCause(), e.getCause());
        }
        return outcomes;
    }

    private static Outcome attempt(String node, NodeCall call) {
        try {
            return new Outcome(node, true, false, call.apply(node));
        } catch (PlanetLabException e) {
            boolean retry = e.code() == ErrorCode.UNAVAILABLE || e.code().category() == ErrorCategory.INTERNAL;
            return new Outcome(node, false, retry, e.getMessage() + " (" + e.code() + ")");
        } catch (RuntimeException e) {
            return new Outcome(node, false, true, String.valueOf(e.getMessage()));
        }
    }

    /** Prints one line per node; returns the exit code of the whole. */
    static int report(List<Outcome> outcomes, PrintWriter out, PrintWriter err) {
        long redeemed = outcomes.stream().filter(Outcome::redeemed).count();
        for (Outcome outcome : outcomes) {
            (outcome.redeemed() ? out : err).println(outcome.node() + ": " + (outcome.redeemed() ? "" : "FAILED: ") + outcome.message()
                    + (outcome.retry() ? " (kept for pl ticket retry)" : ""));
        }
        out.flush();
        err.flush();
        if (redeemed == outcomes.size()) {
            return TicketCommands.ALL_REDEEMED;
        }
        return redeemed == 0 ? TicketCommands.NONE_REDEEMED : TicketCommands.SOME_FAILED;
    }
}
