package org.planetlab.bench.portal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.plc.Bootstrap;
import org.planetlab.plc.Plc;
import org.planetlab.plc.PlcConfig;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.InterfaceFields;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.trust.tls.TlsContexts;

/**
 * Server time per portal page with a full registry: SLICES slices and NODES nodes over 20 sites,
 * each slice on up to 10 of its site's nodes. Each page is fetched ROUNDS times (after 20 rounds
 * of warm-up) over loopback TLS with a kept-alive connection, as an operator (who sees
 * everything, the largest pages) and as a site's PI; the time is from sending the request to the
 * last byte of the answer. Prints a markdown table of p50 / p99 / max per page.
 *
 * <p>Usage: {@code PortalPageBenchmark [SLICES [NODES [ROUNDS]]]}; defaults 1,000 slices, 1,000
 * nodes, 200 rounds.
 */
public final class PortalPageBenchmark {
    private static final int SITES = 20;
    private static final int WARM_UP = 20;
    private static final String PASSWORD = "bench-password-1";

    private PortalPageBenchmark() {}

    public static void main(String[] args) throws Exception {
        int slices = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path dataDir = Files.createTempDirectory("portal-bench");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("port", "0");
        settings.put("tls", "true");
        settings.put("password-hash-memory-kib", "64");
        try (Plc plc = Plc.start(PlcConfig.fromDataDir(dataDir, settings), Clock.systemUTC(), new SecureRandom(),
                (handle, request) -> {
                    throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "no nodes in this benchmark");
                }, true)) {
            long started = System.nanoTime();
            Seeded seeded = seed(plc, slices, nodes);
            System.out.printf("registry: %d slices, %d nodes, %d sites (seeded in %.1f s)%n", slices, nodes, SITES,
                    (System.nanoTime() - started) / 1e9);
            plc.database().write(handle -> handle.execute("ANALYZE"));
            URI base = URI.create("https://localhost:" + plc.port());
            HttpClient http = TlsContexts.httpClient(TlsContexts.client(plc.trust().tlsCaCertificate(),
                    new SecureRandom()), Duration.ofSeconds(10));
            String operator = session(http, base, "operator@bench.test");
            String pi = session(http, base, "pi@bsite0.test");
            Map<String, String> operatorPages = new LinkedHashMap<>();
            operatorPages.put("console (glance)", "/console");
            operatorPages.put("console search", "/console/search?q=bsite1");
            operatorPages.put("event log", "/console/events");
            operatorPages.put("complaints", "/complaints");
            operatorPages.put("node browser", "/nodes");
            operatorPages.put("a site's nodes", "/site/nodes?site=" + seeded.firstSite());
            operatorPages.put("a node", "/site/nodes/" + seeded.firstNode());
            operatorPages.put("a slice", "/slices/" + seeded.firstSlice());
            operatorPages.put("a slice's usage", "/slices/" + seeded.firstSlice() + "/usage");
            Map<String, String> piPages = new LinkedHashMap<>();
            piPages.put("PI: the site", "/site");
            piPages.put("PI: the site's nodes", "/site/nodes");
            piPages.put("PI: a slice", "/slices/" + seeded.firstSlice());
            System.out.println();
            System.out.println("| page | path | p50 / p99 / max |");
            System.out.println("|---|---|---|");
            measure(http, base, operator, operatorPages, rounds);
            measure(http, base, pi, piPages, rounds);
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void measure(HttpClient http, URI base, String session, Map<String, String> pages, int rounds)
            throws IOException, InterruptedException {
        for (Map.Entry<String, String> page : pages.entrySet()) {
            Latencies latencies = new Latencies();
            HttpRequest request = HttpRequest.newBuilder(base.resolve(page.getValue()))
                    .header("Cookie", "__Host-plc-session=" + session).GET().build();
            for (int round = 0; round < WARM_UP + rounds; round++) {
                long begun = System.nanoTime();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long elapsed = System.nanoTime() - begun;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(page.getValue() + " answered " + response.statusCode());
                }
                if (round >= WARM_UP) {
                    latencies.add(elapsed);
                }
            }
            System.out.printf("| %s | `%s` | %s |%n", page.getKey(), page.getValue(), latencies.summary());
        }
    }

    private static String session(HttpClient http, URI base, String email) {
        PlcClient client = new PlcClient(base, new Credentials.Password(email, PASSWORD), PlcClient.Encoding.XML_RPC,
                http, RequestSigner.NONE, Duration.ofSeconds(30));
        return (String) client.call("GetSession");
    }

    private record Seeded(long firstSite, long firstNode, long firstSlice) {}

    /** Sites with a PI each, nodes spread over them, slices spread over them on their site's nodes. */
    private static Seeded seed(Plc plc, int slices, int nodes) {
        new Bootstrap(plc).createOperator("operator@bench.test", PASSWORD, "Olive", "Operator");
        List<Long> sites = new ArrayList<>();
        for (int index = 0; index < SITES; index++) {
            String loginBase = "bsite" + index;
            long siteId = plc.sites().addSite(Caller.INTERNAL, new NewSite(loginBase, "Bench site " + index, loginBase,
                    Optional.empty(), Optional.of(10.0 + index), Optional.of(-100.0 + 3 * index),
                    OptionalLong.of(100_000L), OptionalLong.of(10_000_000L), Optional.empty(), Optional.empty(),
                    Optional.empty()));
            sites.add(siteId);
            long personId = plc.persons().addPerson(Caller.INTERNAL, new NewPerson(Profile.of("pi@" + loginBase
                    + ".test", "Pat", "Pi " + index), Optional.of(PASSWORD), Optional.of(true)));
            plc.personMemberships().addToSite(Caller.INTERNAL, PersonRef.of(personId), SiteRef.of(siteId));
            plc.personMemberships().addRole(Caller.INTERNAL, Role.PI, PersonRef.of(personId));
            plc.personMemberships().addRole(Caller.INTERNAL, Role.USER, PersonRef.of(personId));
        }
        List<List<NodeRef>> nodesOfSite = new ArrayList<>();
        sites.forEach(site -> nodesOfSite.add(new ArrayList<>()));
        long firstNode = -1;
        for (int index = 0; index < nodes; index++) {
            int site = index % SITES;
            long nodeId = plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(sites.get(site)),
                    NewNode.named("node" + index + ".bsite" + site + ".test"));
            plc.interfaces().addInterface(Caller.INTERNAL, NodeRef.of(nodeId), new InterfaceFields(Map.of(
                    "method", Optional.of("static"), "type", Optional.of("ipv4"), "ip", Optional.of("127.0.0.1"))));
            nodesOfSite.get(site).add(NodeRef.of(nodeId));
            firstNode = firstNode < 0 ? nodeId : firstNode;
        }
        long firstSlice = -1;
        for (int index = 0; index < slices; index++) {
            int site = index % SITES;
            String name = "bsite" + site + "_s" + index;
            long sliceId = plc.slices().addSlice(Caller.INTERNAL, new NewSlice(name, Optional.of("https://bench.test/"
                    + index), Optional.of("benchmark slice " + index), Optional.of(100_000L), Optional.empty()));
            List<NodeRef> siteNodes = nodesOfSite.get(site);
            if (!siteNodes.isEmpty()) {
                plc.sliceMembership().addNodes(Caller.INTERNAL, SliceRef.of(name),
                        siteNodes.subList(0, Math.min(10, siteNodes.size())));
            }
            firstSlice = firstSlice < 0 ? sliceId : firstSlice;
        }
        return new Seeded(sites.getFirst(), firstNode, firstSlice);
    }
}
