package org.planetlab.bench.audit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.client.PlcClient;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.node.audit.FlowStore;
import org.planetlab.node.audit.page.AuditPage;
import org.planetlab.node.audit.page.NodeDescription;
import org.planetlab.node.audit.page.PlcAuditCalls;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * A complaint from a node's public page to the slice's users' mailboxes: a reporter posts the
 * page's "report this traffic" form (the node runs the query again, files the complaint with PLC's
 * {@code AddComplaint} over its JSON API as the node), PLC records it with its mail in one
 * transaction and its sender delivers the mail to a real SMTP server (GreenMail, as the tests
 * use). Timed from the form's POST until every recipient (the slice's three users, its site's PI
 * and tech, support) holds the message.
 *
 * <p>Usage: {@code ComplaintMailBenchmark FIGURES [COMPLAINTS [REPORTERS [sqlite|postgresql]]]};
 * defaults 200 complaints, 1 reporter at a time, SQLite. With several reporters at once each
 * posts its share one after the other.
 */
public final class ComplaintMailBenchmark {
    private static final Pattern SUBJECT = Pattern.compile("PlanetLab complaint (\\d+):.*");
    private static final List<String> USERS = List.of("ada@bench.test", "bob@bench.test", "cy@bench.test");
    private static final int RECIPIENTS = USERS.size() + 3;
    private static final int WARM_UP = 10;
    private static final String REMOTE = "203.0.113.9";

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ComplaintMailBenchmark FIGURES [COMPLAINTS [REPORTERS [sqlite|postgresql]]]");
            System.exit(2);
        }
        Path figuresFile = Path.of(args[0]);
        int complaints = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int reporters = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        StoreKind storeKind = args.length > 3 && args[3].equals("postgresql") ? StoreKind.POSTGRESQL : StoreKind.SQLITE;
        Figures figures = new Figures(figuresFile, "complaint to mailboxes", "complaints=" + complaints
                + " reporters=" + reporters + " store=" + storeKind.name().toLowerCase(java.util.Locale.ROOT));
        int smtpPort = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, String> settings = Map.of("mail.smtp-host", "127.0.0.1", "mail.smtp-port",
                Integer.toString(smtpPort), "mail.from", "plc@plc.test", "mail.support", "support@plc.test",
                "audit.complaints-per-node-per-hour", "1000000", "audit.complaints-per-reporter-per-hour", "1000000");
        Path storeDir = Files.createTempDirectory("bench-audit-complaint");
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.start(storeKind, clock, settings)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("bench");
            registry.person("pi@bench.test", "pi", siteId);
            registry.person("tech@bench.test", "tech", siteId);
            Map<String, Object> slice = new LinkedHashMap<>();
            slice.put("name", "bench_scanner");
            slice.put("description", "Measures reachability");
            slice.put("url", "https://bench.test/");
            long sliceId = (Long) operator.call("AddSlice", slice);
            for (String user : USERS) {
                registry.person(user, "user", siteId);
                operator.call("AddPersonToSlice", user, "bench_scanner");
            }
            long nodeId = registry.node(siteId, "node1.bench.test", "10.9.0.1");
            PlcClient node = testing.client(testing.nodeSession(nodeId), PlcClient.Encoding.JSON);
            long now = clock.millis();
            try (FlowStore store = new FlowStore(storeDir, clock, Duration.ofDays(7), 1L << 30)) {
                store.append(List.of(new FlowRecord((int) nodeId, (int) sliceId, "bench_scanner",
                        FlowRecord.Direction.OUTBOUND, 6, now - 120_000, now - 119_000, "10.0.0.2", 40_000, "10.9.0.1",
                        50_000, REMOTE, 22, 3, 180, 0, 0, 0x02, false)));
                PlcAuditCalls calls = new PlcAuditCalls(node, (int) nodeId, clock, Duration.ofHours(1));
                AuditPage page = new AuditPage(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        new NodeDescription("node1.bench.test", "Site bench", "tech"), store, Duration.ofDays(7), calls,
                        calls, 100_000_000, clock);
                page.start();
                try {
                    run(figures, smtp, page.port(), now / 1000 - 120, complaints, reporters);
                } finally {
                    page.close();
                }
            }
        } finally {
            smtp.stop();
            ArchiveIngestBenchmark.delete(storeDir);
        }
        System.exit(0);
    }

    private static void run(Figures figures, GreenMail smtp, int port, long flowSeconds, int complaints, int reporters)
            throws Exception {
        Map<Long, Long> delivered = new ConcurrentHashMap<>();
        Thread watcher = Thread.ofPlatform().daemon().start(() -> watch(smtp, delivered));
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/report?remote=" + REMOTE + "&time=" + flowSeconds
                + "&flow=0");
        for (int round = 0; round < WARM_UP; round++) {
            report(http, uri, delivered, "warm-up" + round);
        }
        Latencies latencies = new Latencies();
        Latencies filed = new Latencies();
        ExecutorService pool = Executors.newFixedThreadPool(reporters);
        List<Future<?>> done = new ArrayList<>();
        for (int reporter = 0; reporter < reporters; reporter++) {
            int share = complaints / reporters + (reporter < complaints % reporters ? 1 : 0);
            int number = reporter;
            done.add(pool.submit(() -> {
                for (int index = 0; index < share; index++) {
                    long[] times = report(http, uri, delivered, "r" + number + "n" + index);
                    filed.add(times[0]);
                    latencies.add(times[1]);
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        watcher.interrupt();
        figures.record("page POST answered (complaint filed at PLC): p50 / p99 / max", filed.summary());
        figures.record("POST to the message in all " + RECIPIENTS + " mailboxes: p50 / p99 / max", latencies.summary());
    }

    /** Posts one report; returns the nanoseconds until the page answered and until the mail was delivered. */
    private static long[] report(HttpClient http, URI uri, Map<Long, Long> delivered, String reporter) throws Exception {
        String form = "reporter_name=" + URLEncoder.encode("Victor " + reporter, StandardCharsets.UTF_8)
                + "&reporter_email=" + URLEncoder.encode(reporter + "@victim.test", StandardCharsets.UTF_8)
                + "&text=" + URLEncoder.encode("Port scan of our network from your node at 03:00", StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        Matcher id = Pattern.compile("\"complaint_id\"\\s*:\\s*(\\d+)").matcher(response.body());
        if (response.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("the page answered " + response.statusCode() + ": " + response.body());
        }
        long complaint = Long.parseLong(id.group(1));
        long deadline = started + 60_000_000_000L;
        while (!delivered.containsKey(complaint)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("complaint " + complaint + " was not mailed to all recipients within 60 s");
            }
            synchronized (delivered) {
                delivered.wait(5);
            }
        }
        return new long[] {answered - started, delivered.get(complaint) - started};
    }

    /**
     * Notes when each complaint's message has reached all its recipients. GreenMail keeps one copy
     * per recipient and lists them mailbox by mailbox, not in arrival order, so every look counts
     * them all again.
     */
    private static void watch(GreenMail smtp, Map<Long, Long> delivered) {
        while (!Thread.currentThread().isInterrupted()) {
            MimeMessage[] messages = smtp.getReceivedMessages();
            long now = System.nanoTime();
            Map<Long, Integer> copies = new LinkedHashMap<>();
            for (MimeMessage message : messages) {
                try {
                    Matcher subject = SUBJECT.matcher(message.getSubject());
                    if (subject.matches() && message.getRecipients(Message.RecipientType.TO).length == RECIPIENTS) {
                        long id = Long.parseLong(subject.group(1));
                        if (copies.merge(id, 1, Integer::sum) == RECIPIENTS) {
                            delivered.putIfAbsent(id, now);
                        }
                    }
                } catch (MessagingException e) {
                    throw new IllegalStateException("a received message is unreadable", e);
                }
            }
            synchronized (delivered) {
                delivered.notifyAll();
            }
            smtp.waitForIncomingEmail(200, messages.length + 1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
