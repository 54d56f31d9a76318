package org.planetlab.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.site.NewSite;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * A site's tech in the browser: registers a node with its interface, corrects the interface,
 * downloads the node's {@code plnode.txt} (which is the file PLC hands the node, key included),
 * changes its boot state, reboots it, sees a failed power cycle explained and the site's PCU
 * without its password, then unwires the node from the PCU and removes the PCU. Every page is checked with axe-core.
 */
class PortalTechTest extends SharedPortalStory {
    private static final String TECH = "tech@stanford.test";
    private static final String PCU_PASSWORD = "pcu-secret-never-shown";

    @BeforeAll
    void seedItsOwnSite() {
        // A site of its own, so that the other classes' nodes at the shared sites stay as they expect.
        long stanford = testbed.plc.sites().addSite(Caller.INTERNAL, NewSite.named("stanford", "Stanford University",
                "Stanford"));
        PortalTestbed.person(testbed.plc, TECH, "Tess", "Tech", stanford, Role.TECH);
    }

    @Test
    void aTechRegistersANodeAndDownloadsThePlnodeFileThatBootsIt() throws Exception {
        Page tech = browser.visitor(testbed.uri());
        PortalBrowser.signIn(tech, TECH, PortalTestbed.PASSWORD);
        tech.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Site's nodes")).click();
        assertThat(tech.locator("h1").textContent()).isEqualTo("Nodes of Stanford University");
        assertThat(tech.locator("main").textContent()).contains("The site has no nodes yet.");
        browser.checkAccessibility(tech);

        // A wrong address is refused next to its field, and the form keeps what was typed.
        tech.getByLabel("Host name").fill("node1.stanford.test");
        tech.getByLabel("IP address").fill("127.0.0.300");
        tech.getByLabel("Netmask").fill("255.0.0.0");
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register the node")).click();
        assertThat(tech.locator("#ip-error").textContent()).isNotBlank();
        assertThat(tech.getAttribute("#ip", "aria-invalid")).isEqualTo("true");
        assertThat(tech.inputValue("#hostname")).isEqualTo("node1.stanford.test");
        browser.checkAccessibility(tech);
        // Loopback, so the ping of death below stays on this machine.
        tech.getByLabel("IP address").fill("127.0.0.3");
        tech.getByLabel("Gateway").fill("127.0.0.1");
        tech.getByLabel("Name server").fill("127.0.0.53");
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register the node")).click();
        assertThat(PortalBrowser.notice(tech)).contains("The node is registered");
        assertThat(tech.locator("h1").textContent()).isEqualTo("Node node1.stanford.test");
        browser.checkAccessibility(tech);

        PlcClient api = testbed.client(TECH);
        Map<?, ?> node = (Map<?, ?>) ((List<?>) api.call("GetNodes", Map.of("hostname", "node1.stanford.test")))
                .getFirst();
        long nodeId = (Long) node.get("node_id");
        long interfaceId = (Long) ((List<?>) node.get("interface_ids")).getFirst();
        tech.getByLabel("Gateway").fill("127.0.0.254");
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save interface " + interfaceId)).click();
        assertThat(PortalBrowser.notice(tech)).contains("The interface is saved");
        Map<?, ?> saved = (Map<?, ?>) ((List<?>) api.call("GetInterfaces", List.of(interfaceId))).getFirst();
        assertThat(saved.get("gateway")).isEqualTo("127.0.0.254");
        assertThat(saved.get("ip")).isEqualTo("127.0.0.3");

        Download download = tech.waitForDownload(() -> tech.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Download plnode.txt")).click());
        assertThat(download.suggestedFilename()).isEqualTo("plnode.txt");
        String text = Files.readString(download.path(), StandardCharsets.UTF_8);
        // The very file PLC hands out for the node now: its new key authenticates the node.
        assertThat(text).isEqualTo(api.call("GetNodeConfigFile", nodeId));
        PlnodeConfig config = PlnodeFile.parse(text);
        assertThat(config.hostname()).isEqualTo("node1.stanford.test");
        assertThat(config.nodeId()).isEqualTo(nodeId);
        assertThat(config.ipAddress()).contains("127.0.0.3");
        // Another download replaces the key, so the first file no longer boots the node.
        Download again = tech.waitForDownload(() -> tech.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Download plnode.txt")).click());
        assertThat(PlnodeFile.parse(Files.readString(again.path(), StandardCharsets.UTF_8)).nodeKey())
                .isNotEqualTo(config.nodeKey());

        tech.getByLabel("Boot state").selectOption("safeboot");
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change the boot state")).click();
        assertThat(PortalBrowser.notice(tech)).contains("boot state is changed");
        assertThat(((Map<?, ?>) ((List<?>) api.call("GetNodes", List.of(nodeId))).getFirst()).get("boot_state"))
                .isEqualTo("safeboot");

        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reboot (ping of death)")).click();
        assertThat(PortalBrowser.notice(tech)).contains("ping of death is sent");
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Power cycle through the PCU")).click();
        assertThat(tech.locator("p.error.banner").textContent()).contains("is wired to no PCU");

        // The tech adds the site's PCU (a wrong address refused next to its field, the rest kept) and wires the node.
        tech.getByLabel("PCU address").fill("pcu.stanford");
        tech.getByLabel("PCU host name").fill("pcu1.stanford.test");
        tech.getByLabel("Protocol (e.g. ipmi)").fill("ipmi");
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add the PCU")).click();
        assertThat(tech.locator("#pcu_ip-error").textContent()).contains("an IPv4 or IPv6 address");
        assertThat(tech.inputValue("#pcu_hostname")).isEqualTo("pcu1.stanford.test");
        assertThat(tech.inputValue("#pcu_protocol")).isEqualTo("ipmi");
        tech.getByLabel("PCU address").fill("127.0.0.9");
        tech.getByLabel("PCU login name").fill("admin");
        tech.getByLabel("PCU password (never shown again)").fill(PCU_PASSWORD);
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add the PCU")).click();
        assertThat(PortalBrowser.notice(tech)).contains("The PCU is added");
        browser.checkAccessibility(tech);
        tech.getByLabel("Port the node is plugged into").fill("2");
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Wire node1.stanford.test to the PCU"))
                .click();
        assertThat(PortalBrowser.notice(tech)).contains("wired to the PCU");
        assertThat(tech.locator("#pcus + .scroll").textContent()).contains("pcu1.stanford.test",
                "node1.stanford.test on port 2");
        assertThat(tech.content()).doesNotContain(PCU_PASSWORD);

        // The tech changes the PCU (UpdatePCU): a wrong address is refused beside its field, in the open form.
        tech.locator("summary", new Page.LocatorOptions().setHasText("Change pcu1.stanford.test")).click();
        tech.getByLabel("Address of pcu1.stanford.test").fill("pcu.stanford");
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save pcu1.stanford.test")).click();
        long pcuId = (Long) ((Map<?, ?>) ((List<?>) api.call("GetPCUs")).getFirst()).get("pcu_id");
        assertThat(tech.locator("#pcu" + pcuId + "_ip-error").textContent()).contains("an IPv4 or IPv6 address");
        browser.checkAccessibility(tech);
        tech.getByLabel("Address of pcu1.stanford.test").fill("127.0.0.10");
        tech.getByLabel("Model of pcu1.stanford.test").fill("ipmi-sim 2");
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save pcu1.stanford.test")).click();
        assertThat(PortalBrowser.notice(tech)).contains("The PCU is changed");
        Map<?, ?> changed = (Map<?, ?>) ((List<?>) api.call("GetPCUs", List.of(pcuId))).getFirst();
        assertThat(changed.get("ip")).isEqualTo("127.0.0.10");
        assertThat(changed.get("model")).isEqualTo("ipmi-sim 2");
        assertThat(changed.get("protocol")).as("a field left as shown keeps its value").isEqualTo("ipmi");
        assertThat(tech.locator("#history ~ p").first().textContent()).contains("has not heard");
        browser.checkAccessibility(tech);

        // DeleteNodeFromPCU, then DeletePCU: the node is unwired, then the PCU is gone from the site.
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                .setName("Unwire node1.stanford.test from pcu1.stanford.test")).click();
        assertThat(PortalBrowser.notice(tech)).contains("unwired from the PCU");
        assertThat((List<?>) ((Map<?, ?>) ((List<?>) api.call("GetPCUs", List.of(pcuId))).getFirst()).get("node_ids"))
                .isEmpty();
        tech.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove pcu1.stanford.test from the site"))
                .click();
        assertThat(PortalBrowser.notice(tech)).contains("The PCU is removed");
        assertThat((List<?>) api.call("GetPCUs", List.of(pcuId))).isEmpty();
        assertThat(tech.locator("main").textContent()).contains("The site has no PCU");
    }
}
