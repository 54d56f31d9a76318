package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
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
import org.awaitility.Awaitility;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.node.host.HostCommand;
import org.planetlab.portal.PortalBrowser;
import org.planetlab.trust.node.PlnodeFile;

/**
 * The portal's stories that need real nodes, in headless Chromium against a testbed's PLC: a
 * researcher logs into her sliver with the SSH command the portal shows, and a tech registers a
 * node and boots it from the {@code plnode.txt} the portal hands out. Every page is checked with
 * axe-core.
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
        researcher.navigate("/slices");
        browser.checkAccessibility(researcher);
        researcher.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(TestbedSeed.slice(layout))).click();
        browser.checkAccessibility(researcher);
        String shown = researcher.locator("code.ssh").first().textContent();
        assertThat(shown).isEqualTo("ssh " + TestbedSeed.slice(layout) + "@" + node.hostname());

        List<String> words = new ArrayList<>(Arrays.asList(shown.split(" ")));
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
