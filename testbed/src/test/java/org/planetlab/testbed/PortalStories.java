package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.node.host.HostCommand;
import org.planetlab.portal.PortalBrowser;
import org.planetlab.trust.node.PlnodeFile;

/**
 * The portal's stories that need real nodes, in headless Chromium against a testbed's PLC: a
 * researcher logs into her sliver with the SSH command the portal shows, an operator stops a
 * slice everywhere and sees it stopped on the node, a complaint made on a node's audit page
 * reaches the console, and a tech registers a node and boots it from the {@code plnode.txt} the
 * portal hands out. Every page the browser visits is checked with axe-core.
 */
final class PortalStories implements AutoCloseable {
    private final TestbedLayout layout;
    private final Testbed.Started started;
    private final PortalBrowser browser;

    PortalStories(TestbedLayout layout, Testbed.Started started) {
        this.layout = requireNonNull(layout, "layout is null");
        this.started = requireNonNull(started, "started is null");
        this.browser = PortalBrowser.launch(certificate(layout.caFile()));
    }

    /**
     * The demo user signs in, opens the demo slice and runs the SSH command shown for the node's
     * sliver, word for word; only the node's address is given to ssh, since this machine's
     * resolver does not know the testbed's names.
     */
    void aResearcherLogsInWithTheShownSshCommand(TestbedLayout.TestbedNode node) {
        Page researcher = signedIn(TestbedSeed.user(layout));
        // Headless Chromium has no system clipboard to write to (its writeText never settles), so
        // the page's clipboard keeps what the Copy button hands it, for the test to log in with.
        researcher.addInitScript("if (navigator.clipboard) { navigator.clipboard.writeText = async text => {"
                + " window.copiedByTheTest = text; }; }");
        researcher.navigate("/slices");
        browser.checkAccessibility(researcher);
        researcher.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(TestbedSeed.slice(layout))).click();
        browser.checkAccessibility(researcher);
        String shown = researcher.locator("code.ssh").first().textContent();
        assertThat(shown).isEqualTo("ssh " + TestbedSeed.slice(layout) + "@" + node.hostname());
        String command = researcher.locator("code.ssh").first().getAttribute("id");
        Locator copy = researcher.locator("button.copy[data-copy='" + command + "']");
        copy.click();
        Awaitility.await("the Copy button to say it copied").atMost(Duration.ofSeconds(10))
                .until(() -> copy.textContent().equals("Copied"));
        String copied = (String) researcher.evaluate("window.copiedByTheTest");
        assertThat(copied).isEqualTo(shown);

        List<String> words = new ArrayList<>(Arrays.asList(copied.split(" ")));
        assertThat(words.removeFirst()).isEqualTo("ssh");
        words.addAll(0, List.of("-o", "HostName=" + node.address()));
        HostCommand.Result result = new HostCommand(List.of(), Duration.ofSeconds(30)).runAllowingFailure(
                SshProbe.command(layout.demoDir().resolve("id_ed25519"), words, "echo in-sliver-$((6 * 7))"), null);
        // The node's gateway takes the slice's name as the login and runs the command in its sliver
        // (as the sliver's own root, so the name is not what whoami says there).
        assertThat(result.exitCode()).as("ssh %s: %s", words, result.stdout()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("in-sliver-42");
    }

    /**
     * The node is taken out of PLC (as when its site retires it) and the tech registers it again in
     * the portal, downloads its {@code plnode.txt} and puts it on the node's boot medium with the
     * testbed's own agent settings; power cycled, the node boots with the new file's key and
     * reports to PLC under its new identifier.
     */
    void aTechRegistersTheNodeAndBootsItFromTheDownloadedFile(TestbedLayout.TestbedNode node, Duration reboot)
            throws IOException {
        PlcClient tech = started.operator().as(new Credentials.Password(TestbedSeed.tech(layout),
                started.passwords().get(TestbedSeed.tech(layout))));
        long before = nodeId(tech, node);
        tech.call("DeleteNode", node.hostname());

        Page page = signedIn(TestbedSeed.tech(layout));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Site's nodes")).click();
        browser.checkAccessibility(page);
        page.getByLabel("Host name").fill(node.hostname());
        page.getByLabel("IP address").fill(node.address());
        page.getByLabel("Netmask").fill("255.255.255.0");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register the node")).click();
        assertThat(PortalBrowser.notice(page)).contains("The node is registered");
        browser.checkAccessibility(page);
        long after = nodeId(tech, node);
        assertThat(after).isNotEqualTo(before);

        Download download = page.waitForDownload(() -> page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Download plnode.txt")).click());
        Path plnode = node.directory().resolve("plnode.txt");
        TestbedSeed.write(plnode, Files.readString(download.path(), StandardCharsets.UTF_8));
        assertThat(PlnodeFile.read(plnode).nodeId()).isEqualTo(after);
        NodeBootMedium.addAgentSettings(plnode, NodeAgentFiles.plnodeSettings(layout, node));

        HostCommand.onHost().run(List.of(node.directory().resolve("reboot").toString(), "cycle"));
        Awaitility.await("the boot manager to authenticate with the new key").atMost(reboot).pollInterval(Duration.ofMillis(500))
                .until(() -> !((List<?>) tech.call("GetNodeBootHistory", node.hostname())).isEmpty());
        Awaitility.await("the registered node's agent up at PLC").atMost(reboot).pollInterval(Duration.ofMillis(500))
                .until(() -> "up".equals(((Map<?, ?>) ((List<?>) tech.call("GetNodeStatus", List.of(node.hostname())))
                        .getFirst()).get("state")));
        assertThat(browser.policyViolations()).isEmpty();
    }

    /**
     * The operator finds the demo slice in the console and stops it everywhere with a reason: the
     * node ends its sliver, and the node's page in the portal shows the sliver stopped as the node
     * reported it (GetSliverStates agrees), beside PLC's state of the slice; the demo user's SSH
     * login is refused. The slice is started again and the node's page awaited until the node
     * reports it running, so later stories find it as they left it.
     */
    void anOperatorStopsTheSliceEverywhereAndSeesItStoppedOnTheNode(TestbedLayout.TestbedNode node, Duration within) {
        String slice = TestbedSeed.slice(layout);
        SshProbe demo = new SshProbe(layout.demoDir().resolve("id_ed25519"));
        Page operator = signedInAsOperator();
        operator.getByLabel("Find people, sites, slices and nodes").fill(slice);
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        browser.checkAccessibility(operator);
        operator.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Stop " + slice + " everywhere")).click();
        browser.checkAccessibility(operator);
        operator.getByLabel("Why").fill("portal story: stopped on every node");
        operator.getByLabel("I am sure").check();
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop " + slice + " everywhere")).click();
        assertThat(PortalBrowser.notice(operator)).contains("stopped on every node");
        browser.checkAccessibility(operator);

        // The node's page shows what the node itself reported of the sliver, beside PLC's state of the slice.
        operator.navigate("/site/nodes/" + nodeId(started.operator(), node));
        Locator sliver = operator.locator("#slivers + .scroll tr", new Page.LocatorOptions().setHasText(slice));
        Awaitility.await("the node page to show the sliver stopped on the node").atMost(within)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    operator.reload();
                    return sliver.locator("td.node-report span.sliver-state").textContent();
                }, "stopped"::equals);
        browser.checkAccessibility(operator);
        assertThat(sliver.locator("td").nth(1).textContent()).isEqualTo("stopped");
        assertThat(sliver.locator("td.node-report").textContent()).contains("reported").doesNotContain("older than");
        assertThat(sliverState(node)).isEqualTo("stopped");
        Awaitility.await("the stopped sliver's SSH login refused").atMost(within).pollInterval(Duration.ofMillis(500))
                .until(() -> !demo.canLogIn(slice, node.address()));

        started.operator().call("StartSlice", slice);
        Awaitility.await("the node page to show the sliver running again on the node").atMost(within)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    operator.reload();
                    return sliver.locator("td.node-report span.sliver-state").textContent();
                }, "running"::equals);
        assertThat(sliver.locator("td").nth(1).textContent()).isEqualTo("started");
        assertThat(sliverState(node)).isEqualTo("running");
        Awaitility.await("the demo user's SSH login again").atMost(within).pollInterval(Duration.ofMillis(500))
                .until(() -> demo.canLogIn(slice, node.address()));
        assertThat(browser.policyViolations()).isEmpty();
    }

    /**
     * The Internet host receives datagrams from the demo sliver, finds it on the node's public audit
     * page over HTTP and reports it with the page's form, as a recipient of unwanted traffic
     * would; the operator's console lists the complaint, its markup shown as text.
     */
    void aComplaintMadeOnTheNodesAuditPageAppearsInTheConsole(TestbedLayout.TestbedNode node, Duration within) {
        String slice = TestbedSeed.slice(layout);
        long before = System.currentTimeMillis() / 1000;
        // The sliver's image has no ping; bash sends the datagrams itself.
        HostCommand.Result sent = new SshProbe(layout.demoDir().resolve("id_ed25519")).run(slice, node.address(),
                "bash -c 'for i in 1 2; do echo unwanted > /dev/udp/" + layout.internetAddress() + "/9; done'");
        assertThat(sent.exitCode()).as(sent.stdout() + sent.stderr()).isZero();

        String query = "http://" + node.address() + "/?remote=" + layout.internetAddress() + "&time=" + before;
        // The page limits each client to 30 requests a minute: poll gently.
        String answer = Awaitility.await("the datagrams on the node's audit page").atMost(within)
                .pollInterval(Duration.ofSeconds(2)).until(() -> fromInternet("-s", "-m", "5", query),
                        page -> page.contains("report this traffic"));
        assertThat(answer).contains(slice);
        Matcher link = Pattern.compile("href=\"(/report\\?[^\"]+)\"").matcher(answer);
        assertThat(link.find()).as("a report link on %s", answer).isTrue();
        String text = "Datagrams from your node <b>at night</b>";
        String thanks = fromInternet("-s", "-m", "10", "--data-urlencode", "reporter_name=Vic Victim",
                "--data-urlencode", "reporter_email=abuse@victim.test", "--data-urlencode", "text=" + text,
                "http://" + node.address() + link.group(1).replace("&amp;", "&"));
        Matcher complaint = Pattern.compile("Your report is complaint ([0-9]+)").matcher(thanks);
        assertThat(complaint.find()).as("the page's answer to the report: %s", thanks).isTrue();

        Page operator = signedInAsOperator();
        Locator listed = operator.locator("ul.complaints li", new Page.LocatorOptions()
                .setHasText("Complaint " + complaint.group(1) + " about"));
        assertThat(listed.textContent()).contains(slice, "Vic Victim", text);
        assertThat(listed.locator("b").count()).as("the reporter's markup, rendered as text").isZero();
        assertThat(browser.policyViolations()).isEmpty();
    }

    private String sliverState(TestbedLayout.TestbedNode node) {
        return ((List<?>) started.operator().call("GetSliverStates", TestbedSeed.slice(layout))).stream()
                .map(row -> (Map<?, ?>) row).filter(row -> node.hostname().equals(row.get("hostname")))
                .map(row -> (String) row.get("state")).findFirst().orElse("unknown");
    }

    /** curl in the testbed's Internet namespace: the host that got the traffic. */
    private String fromInternet(String... arguments) {
        List<String> curl = new ArrayList<>(List.of("curl"));
        curl.addAll(List.of(arguments));
        return HostCommand.onHost().runAllowingFailure(layout.onInternet(curl.toArray(String[]::new)), null).stdout();
    }

    /** The operator on the console's front page. */
    private Page signedInAsOperator() {
        Credentials.Password operator = (Credentials.Password) started.operator().credentials();
        Page page = browser.visitor(URI.create(layout.plcUrl()));
        PortalBrowser.signIn(page, operator.email(), operator.password());
        page.navigate("/console");
        browser.checkAccessibility(page);
        return page;
    }

    private Page signedIn(String email) {
        Page page = browser.visitor(URI.create(layout.plcUrl()));
        PortalBrowser.signIn(page, email, started.passwords().get(email));
        return page;
    }

    private static long nodeId(PlcClient client, TestbedLayout.TestbedNode node) {
        return (Long) ((Map<?, ?>) ((List<?>) client.call("GetNodes", Map.of("hostname", node.hostname()))).getFirst())
                .get("node_id");
    }

    private static X509Certificate certificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("the testbed's TLS CA " + pem + " is not a certificate", e);
        }
    }

    @Override
    public void close() {
        browser.close();
    }
}
