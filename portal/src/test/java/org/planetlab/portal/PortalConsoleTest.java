package org.planetlab.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.audit.NewComplaint;
import org.planetlab.plc.auth.Caller;

/**
 * The operators' console in the browser: an operator creates a site and its PI (who is mailed a
 * link to choose a password) and records the site's hosting agreement, finds a slice and stops it everywhere (it is stopped on its node),
 * sees a complaint filed through PLC's complaint service and answers it, finds the slice that
 * sent a flow, reads the event log, and presses and lifts the system-wide stop. Every page is
 * checked with axe-core.
 */
class PortalConsoleTest extends SharedPortalStory {
    @Test
    @SuppressWarnings("unchecked")
    void anOperatorCreatesASiteStopsASliceEverywhereAndHandlesAComplaint() throws Exception {
        Page operator = browser.visitor(testbed.uri());
        PortalBrowser.signIn(operator, PortalTestbed.OPERATOR_EMAIL, PortalTestbed.PASSWORD);
        PlcClient api = testbed.client(PortalTestbed.OPERATOR_EMAIL);
        operator.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Console")).click();
        browser.checkAccessibility(operator);
        // The glance counts what the API lists: each live slice on each of its nodes is a sliver.
        long slivers = ((List<?>) api.call("GetSlices")).stream()
                .mapToLong(slice -> ((List<?>) ((Map<?, ?>) slice).get("node_ids")).size()).sum();
        assertThat(operator.locator("#slivers").textContent()).isEqualTo(Long.toString(slivers));

        operator.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create a site and its PI")).click();
        browser.checkAccessibility(operator);
        operator.getByLabel("Login base").fill("berkeley");
        operator.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("UC Berkeley");
        operator.getByLabel("Short name").fill("Berkeley");
        operator.getByLabel("Latitude").fill("37.87");
        operator.getByLabel("Longitude").fill("-122.26");
        operator.getByLabel("E-mail address").fill("pi@berkeley.test");
        operator.getByLabel("First name").fill("Bea");
        operator.getByLabel("Last name").fill("Berkeley");
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create the site and its PI")).click();
        assertThat(PortalBrowser.notice(operator)).contains("The site and its PI are created");
        Map<?, ?> site = (Map<?, ?>) ((List<?>) api.call("GetSites", Map.of("login_base", "berkeley"))).getFirst();
        Map<?, ?> pi = (Map<?, ?>) ((List<?>) api.call("GetPersons", Map.of("email", "pi@berkeley.test"))).getFirst();
        assertThat((List<Object>) pi.get("roles")).contains("pi");
        assertThat((List<Object>) pi.get("site_ids")).containsExactly(site.get("site_id"));
        assertThat(pi.get("enabled")).isEqualTo(true);
        assertThat(testbed.mailTo("pi@berkeley.test", "reset your password")).contains("/reset/confirm?key=");
        // The new site is on the map where its coordinates put it: x = (lon + 180) * 2, y = (90 - lat) * 2.
        operator.navigate("/sites/map");
        Locator dot = operator.locator("circle.site", new Page.LocatorOptions().setHas(
                operator.locator("title", new Page.LocatorOptions().setHasText("UC Berkeley"))));
        assertThat(dot.getAttribute("cx")).isEqualTo("115");
        assertThat(dot.getAttribute("cy")).isEqualTo("104");
        // Under the dot is land (California), and west of it the Pacific (140W 20N) is water.
        assertThat(operator.evaluate("() => document.querySelector('path.land').isPointInFill(new DOMPoint(115, 104))"))
                .isEqualTo(true);
        assertThat(operator.evaluate("() => document.querySelector('path.land').isPointInFill(new DOMPoint(80, 140))"))
                .isEqualTo(false);
        browser.checkAccessibility(operator);

        // The new site has no hosting agreement yet; the operator records the one its PI signed.
        operator.navigate("/console");
        operator.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Site agreements")).click();
        browser.checkAccessibility(operator);
        assertThat(operator.locator("ul.sites-without").textContent()).contains("berkeley");
        operator.getByLabel("Site", new Page.GetByLabelOptions().setExact(true)).selectOption("berkeley");
        operator.getByLabel("Signed by").fill(PortalTestbed.PI_EMAIL);
        operator.getByLabel("Version of the agreement").fill("2026-1");
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record the agreement")).click();
        assertThat(operator.locator("#signed_by-error").textContent()).contains("is not a person of site berkeley");
        browser.checkAccessibility(operator);
        operator.getByLabel("Signed by").fill("pi@berkeley.test");
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record the agreement")).click();
        assertThat(PortalBrowser.notice(operator)).contains("agreement is recorded");
        assertThat(((Map<?, ?>) ((List<?>) api.call("GetSiteAgreements", List.of("berkeley"))).getFirst())
                .get("version")).isEqualTo("2026-1");
        operator.navigate("/site?site=" + site.get("site_id"));
        assertThat(operator.locator("#agreement").textContent()).contains("version 2026-1 signed");

        // The operator revokes it again: not without ticking the box, then it is gone and the site is listed without.
        operator.navigate("/console/agreements");
        operator.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Revoke the agreement of berkeley")).click();
        browser.checkAccessibility(operator);
        String revoke = "/console/agreements/" + site.get("site_id") + "/revoke";
        PortalSecurityTest.Posted unconfirmed = PortalSecurityTest.post(operator, revoke, List.of(
                List.of("csrf", operator.inputValue("input[name=csrf] >> nth=1"))));
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.text()).contains("id=\"confirm-error\"", "Tick the box to confirm that berkeley");
        assertThat((List<?>) api.call("GetSiteAgreements", List.of("berkeley"))).hasSize(1);
        operator.getByLabel("I am sure").check();
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke the agreement of berkeley"))
                .click();
        assertThat(PortalBrowser.notice(operator)).contains("agreement is revoked");
        browser.checkAccessibility(operator);
        assertThat((List<?>) api.call("GetSiteAgreements", List.of("berkeley"))).isEmpty();
        assertThat(operator.locator("ul.sites-without").textContent()).contains("berkeley");
        // Revoked already: the page for it no longer exists.
        assertThat(operator.navigate(revoke).status()).isEqualTo(404);

        // A slice on a node, stopped everywhere from the console.
        PlcClient princetonPi = testbed.client(PortalTestbed.PI_EMAIL);
        long sliceId = (Long) princetonPi.call("AddSlice", Map.of("name", "princeton_loud", "url",
                "https://princeton.test/loud", "description", "sends a lot"));
        princetonPi.call("AddSliceToNodes", sliceId, List.of("node1.princeton.test"));
        long nodeId = (Long) ((Map<?, ?>) ((List<?>) api.call("GetNodes", Map.of("hostname", "node1.princeton.test")))
                .getFirst()).get("node_id");
        operator.navigate("/console");
        operator.getByLabel("Find people, sites, slices and nodes").fill("loud");
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        browser.checkAccessibility(operator);
        operator.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Stop princeton_loud everywhere")).click();
        browser.checkAccessibility(operator);
        operator.getByLabel("Why").fill("floods 192.0.2.7");
        Locator stop = operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                .setName("Stop princeton_loud everywhere"));
        // Without the confirmation nothing happens (the browser asks first; the server refuses too).
        assertThat(PortalSecurityTest.post(operator, "/console/slices/" + sliceId + "/stop", List.of(
                List.of("csrf", operator.inputValue("input[name=csrf] >> nth=1")), List.of("reason", "no box")))
                .status()).isEqualTo(400);
        operator.getByLabel("I am sure").check();
        stop.click();
        assertThat(PortalBrowser.notice(operator)).contains("stopped on every node");
        operator.navigate("/site/nodes/" + nodeId);
        assertThat(operator.locator("#slivers + .scroll tr", new Page.LocatorOptions().setHasText("princeton_loud"))
                .textContent()).contains("stopped");
        assertThat(((Map<?, ?>) ((List<?>) api.call("GetSliceStops", Map.of("slice", sliceId))).getFirst())
                .get("reason")).isEqualTo("floods 192.0.2.7");

        // A complaint recorded through PLC's complaint service shows in the console.
        FlowRecord flow = new FlowRecord((int) nodeId, (int) sliceId, "princeton_loud", FlowRecord.Direction.OUTBOUND,
                6, System.currentTimeMillis() - 60_000, System.currentTimeMillis() - 59_000, "10.0.0.2", 40_000,
                "198.51.100.1", 50_000, "192.0.2.7", 80, 10, 5_000, 10, 400, 0x1b, false);
        testbed.plc.audit().archive().ingest(new FlowBatch((int) nodeId, 1, List.of(flow)), "portal-console-test",
                System.currentTimeMillis());
        testbed.plc.audit().complaints().addComplaint(Caller.INTERNAL, new NewComplaint(sliceId, nodeId,
                "Vic Victim", "abuse@victim.test", "Your node floods our web server.", flow));
        operator.navigate("/console");
        assertThat(operator.locator("ul.complaints").textContent()).contains("princeton_loud",
                "Your node floods our web server.");
        operator.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Answer them")).click();
        browser.checkAccessibility(operator);
        Locator complaint = operator.locator("article.complaint", new Page.LocatorOptions().setHasText("princeton_loud"));
        complaint.getByLabel("New status").selectOption("answered");
        complaint.getByLabel("Note").fill("slice stopped");
        complaint.getByRole(AriaRole.BUTTON).click();
        assertThat(PortalBrowser.notice(operator)).contains("status is changed");
        assertThat(((Map<?, ?>) ((List<?>) api.call("GetComplaints")).getFirst()).get("status")).isEqualTo("answered");

        // The slice's usage over time: what its node reported shows in the interval holding now.
        Map<String, Object> sliver = new LinkedHashMap<>();
        sliver.put("name", "princeton_loud");
        for (String counter : List.of("memory_bytes", "disk_bytes", "processes", "packets_sent", "packets_received")) {
            sliver.put(counter, 1L);
        }
        sliver.put("cpu_ns", 7_000_000_000L);
        sliver.put("bytes_sent", 3L << 20);
        sliver.put("bytes_received", 1L << 20);
        long now = System.currentTimeMillis() / 1000;
        testbed.plc.dispatcher().invokeAs(Caller.node(nodeId, testbed.princeton, "test", Optional.empty()),
                "ReportUsage", List.of(Map.of("sent_at", now, "agent_started", now, "sequence", 1L, "slivers",
                        List.of(sliver))));
        operator.navigate("/slices/" + sliceId + "/usage?period=week");
        browser.checkAccessibility(operator);
        assertThat(operator.locator("a[aria-current=page]").last().textContent()).isEqualTo("the last week");
        Locator cpu = operator.locator("#time-chart-0-title + svg + table tbody tr");
        assertThat(cpu.count()).isEqualTo(28);
        assertThat(cpu.last().textContent()).contains("7.0 s");
        assertThat(operator.locator("#time-chart-1-title + svg + table tbody tr").last().textContent())
                .contains("3.0 MiB");
        // The node's usage over time, from its page: the same report, in the hour holding now, and by slice.
        operator.navigate("/site/nodes/" + nodeId);
        operator.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Usage over time")).click();
        browser.checkAccessibility(operator);
        assertThat(operator.locator("a[aria-current=page]").last().textContent()).isEqualTo("the last day");
        Locator nodeCpu = operator.locator("#time-chart-0-title + svg + table tbody tr");
        assertThat(nodeCpu.count()).isEqualTo(24);
        assertThat(nodeCpu.last().textContent()).contains("7.0 s");
        assertThat(operator.locator("#chart-1-title + svg + table").textContent()).contains("princeton_loud", "3.0 MiB");

        operator.navigate("/console/who-sent");
        browser.checkAccessibility(operator);
        operator.getByLabel("Their address").fill("192.0.2.7");
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find the flows")).click();
        assertThat(operator.locator("ul.contacts").textContent()).contains("princeton_loud", PortalTestbed.PI_EMAIL);
        browser.checkAccessibility(operator);

        operator.navigate("/console/events?call=AddSite");
        assertThat(operator.locator("table").textContent()).contains(PortalTestbed.OPERATOR_EMAIL, "AddSite");
        browser.checkAccessibility(operator);

        operator.navigate("/console/stop-all");
        operator.getByLabel("Why").fill("a worm spreads between slivers");
        operator.getByLabel("I am sure").check();
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop every slice")).click();
        assertThat(operator.locator("p.error.banner").textContent()).contains("a worm spreads between slivers");
        operator.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Resume every slice")).click();
        operator.getByLabel("Why").fill("cleaned up");
        operator.getByLabel("I am sure").check();
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resume every slice")).click();
        assertThat(PortalBrowser.notice(operator)).contains("Slices run again");
        assertThat(browser.policyViolations()).isEmpty();
    }
}
