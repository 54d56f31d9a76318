package org.planetlab.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.auth.Caller;

/**
 * The node's own word on each sliver, beside PLC's: a node reports its slivers' states
 * (ReportSliverStates, signed as the node); the slice's page shows, per node, the reported state,
 * the node's reason as text and when it was reported, or that the node has not reported yet; the
 * node's page shows the same per slice, but only for the slices whose states the viewer may see
 * (as GetSliverStates answers), so another site's slice is listed with its state "not shown" to a
 * PI, while the operator sees it. Every page is checked with axe-core.
 */
class PortalSliverStatesTest extends SharedPortalStory {
    @Test
    void theNodesReportOfEachSliverShowsOnTheSliceAndNodePagesToThoseWhoMaySeeIt() {
        PlcClient pi = testbed.client(PortalTestbed.PI_EMAIL);
        PlcClient otherPi = testbed.client(PortalTestbed.OTHER_PI_EMAIL);
        long sliceId = (Long) pi.call("AddSlice", Map.of("name", "princeton_states", "url",
                "https://princeton.test/states", "description", "reported by its nodes"));
        pi.call("AddSliceToNodes", sliceId, List.of("node1.princeton.test", "node2.princeton.test"));
        otherPi.call("AddSlice", Map.of("name", "mit_guest", "url", "https://mit.test/guest", "description", "a guest"));
        otherPi.call("AddSliceToNodes", "mit_guest", List.of("node1.princeton.test"));
        long node1 = nodeId(pi, "node1.princeton.test");

        String reason = "could not build the image: <b>E:</b> Unable to locate package pl-missing";
        long now = System.currentTimeMillis() / 1000;
        report(node1, now, sliver("princeton_states", "failed", reason, now - 5),
                sliver("mit_guest", "running", "", now - 60));

        Page page = browser.visitor(testbed.uri());
        PortalBrowser.signIn(page, PortalTestbed.PI_EMAIL, PortalTestbed.PASSWORD);
        page.navigate("/slices/" + sliceId);
        browser.checkAccessibility(page);
        Locator onNode1 = row(page, "node1.princeton.test").locator("td.node-report");
        assertThat(onNode1.textContent()).contains("failed since ", reason, "reported just now");
        assertThat(onNode1.locator("b").count()).as("the node's reason, shown as text").isZero();
        assertThat(row(page, "node2.princeton.test").locator("td.node-report").textContent())
                .contains("unknown", "no report yet");

        // The node's page: the PI's own slice with the node's word, the other site's slice without it.
        page.navigate("/site/nodes/" + node1);
        browser.checkAccessibility(page);
        assertThat(row(page, "princeton_states").textContent()).contains("failed", reason, "reported just now");
        assertThat(row(page, "mit_guest").locator("td.node-report").textContent()).contains("not shown")
                .doesNotContain("running");

        // The sliver is made now; the node's next report says so, and the operator sees every slice's.
        report(node1, now, sliver("princeton_states", "running", "", now), sliver("mit_guest", "stopped",
                "stopped by its site", now));
        page.reload();
        assertThat(row(page, "princeton_states").locator("td.node-report").textContent()).contains("running")
                .doesNotContain("failed");
        Page operator = browser.visitor(testbed.uri());
        PortalBrowser.signIn(operator, PortalTestbed.OPERATOR_EMAIL, PortalTestbed.PASSWORD);
        operator.navigate("/site/nodes/" + node1);
        browser.checkAccessibility(operator);
        assertThat(row(operator, "mit_guest").textContent()).contains("stopped", "stopped by its site");
        assertThat(browser.policyViolations()).isEmpty();
    }

    private long sequence;

    /** ReportSliverStates as the node sends it, through PLC's dispatcher with the node as caller. */
    @SafeVarargs
    private void report(long nodeId, long agentStarted, Map<String, Object>... slivers) {
        long now = System.currentTimeMillis() / 1000;
        testbed.plc.dispatcher().invokeAs(Caller.node(nodeId, testbed.princeton, "test", Optional.empty()),
                "ReportSliverStates", List.of(Map.of("sent_at", now, "agent_started", agentStarted,
                        "sequence", ++sequence, "slivers", List.of(slivers))));
    }

    private static Map<String, Object> sliver(String name, String state, String reason, long since) {
        Map<String, Object> sliver = new LinkedHashMap<>();
        sliver.put("name", name);
        sliver.put("state", state);
        sliver.put("reason", reason);
        sliver.put("since", since);
        return sliver;
    }

    private static Locator row(Page page, String text) {
        return page.locator("#slivers ~ * tr", new Page.LocatorOptions().setHasText(text)).first();
    }

    private static long nodeId(PlcClient client, String hostname) {
        return (Long) ((Map<?, ?>) ((List<?>) client.call("GetNodes", Map.of("hostname", hostname))).getFirst())
                .get("node_id");
    }
}
