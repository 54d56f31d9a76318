package org.planetlab.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.testing.TestKeys;

/**
 * The researcher's story in a real browser against a real PLC over TLS, with real mail: sign up,
 * verify by the mailed link, approval by the site's PI (in the browser), sign in, upload a key,
 * the PI creates a slice and adds the researcher, who adds nodes from the node browser, sees the
 * SSH command of each sliver, renews and deletes the slice. Every page is checked with axe-core.
 */
class PortalBrowserTest extends SharedPortalStory {
    @Test
    void aResearcherSignsUpIsApprovedAndRunsASliceFromTheBrowser() throws Exception {
        String email = "ada@princeton.test";
        Page researcher = browser.visitor(testbed.uri());
        researcher.navigate("/signup");
        browser.checkAccessibility(researcher);
        researcher.getByLabel("Your site").selectOption(new SelectOption().setLabel("Princeton University"));
        researcher.getByLabel("First name").fill("Ada");
        researcher.getByLabel("Last name").fill("Lovelace");
        researcher.getByLabel("E-mail address").fill(email);
        researcher.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("ada-password-1");
        researcher.getByLabel("Password again").fill("ada-password-1");
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign up")).click();
        assertThat(PortalBrowser.notice(researcher)).contains("we sent a link to verify");

        // Not yet: the account waits for verification and approval.
        PortalBrowser.signIn(researcher, email, "ada-password-1");
        assertThat(researcher.locator("p.error").first().textContent()).contains("not enabled");

        String verification = testbed.mailTo(email, "verify your e-mail address");
        researcher.navigate(PortalTestbed.link(verification));
        browser.checkAccessibility(researcher);
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify my address")).click();
        assertThat(PortalBrowser.notice(researcher)).contains("Your address is verified");
        assertThat(testbed.mailTo(PortalTestbed.PI_EMAIL, "waits for your approval")).contains(email);

        Page pi = browser.visitor(testbed.uri());
        PortalBrowser.signIn(pi, PortalTestbed.PI_EMAIL, PortalTestbed.PASSWORD);
        pi.navigate("/site");
        browser.checkAccessibility(pi);
        Locator pendingRow = pi.locator("tr", new Page.LocatorOptions().setHasText(email));
        assertThat(pendingRow.locator("td").nth(2).textContent()).isEqualTo("yes");
        pendingRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve " + email)).click();
        assertThat(PortalBrowser.notice(pi)).contains("approved");

        // The PI creates the slice (a user may not: AddSlice is for PIs) and adds the researcher.
        pi.navigate("/slices/new");
        browser.checkAccessibility(pi);
        pi.getByLabel("Name (after the site's prefix)").fill("study");
        pi.getByLabel("What the slice does").fill("Measures how far a message travels.");
        pi.getByLabel("Web page about it").fill("https://princeton.test/study");
        pi.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create the slice")).click();
        assertThat(pi.locator("h1").textContent()).isEqualTo("Slice princeton_study");
        pi.getByLabel("Add a user by e-mail address").fill(email);
        pi.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add the user")).click();
        assertThat(PortalBrowser.notice(pi)).contains("user is added");

        PortalBrowser.signIn(researcher, email, "ada-password-1");
        assertThat(researcher.url()).endsWith("/slices");
        browser.checkAccessibility(researcher);
        assertThat(researcher.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create a slice")).count())
                .isZero();
        assertThat(researcher.navigate("/slices/new").status()).isEqualTo(403);

        researcher.navigate("/keys");
        browser.checkAccessibility(researcher);
        researcher.getByLabel("Public key").fill(TestKeys.ed25519("ada@laptop"));
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add the key")).click();
        assertThat(PortalBrowser.notice(researcher)).contains("The key is added");
        assertThat(researcher.locator("code.key").textContent()).contains("ada@laptop");

        researcher.navigate("/slices");
        researcher.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("princeton_study")).click();
        browser.checkAccessibility(researcher);
        researcher.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Add nodes")).click();
        researcher.getByLabel("Site").selectOption(new SelectOption().setLabel("Princeton University"));
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        researcher.waitForCondition(() -> researcher.locator("input[name=node]").count() == 2);
        browser.checkAccessibility(researcher);
        researcher.getByLabel("node1.princeton.test", new Page.GetByLabelOptions().setExact(false)).check();
        researcher.getByLabel("node2.princeton.test", new Page.GetByLabelOptions().setExact(false)).check();
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add the chosen nodes")).click();
        assertThat(PortalBrowser.notice(researcher)).contains("nodes are added");
        assertThat(researcher.locator("code.ssh").allTextContents()).containsExactlyInAnyOrder(
                "ssh princeton_study@node1.princeton.test", "ssh princeton_study@node2.princeton.test");

        // A ticket for the slice's nodes, signed by PLC, comes as a file.
        Download ticket = researcher.waitForDownload(() -> researcher.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Download a ticket for princeton_study")).click());
        assertThat(ticket.suggestedFilename()).isEqualTo("princeton_study.ticket.xml");
        assertThat(Files.readString(ticket.path())).contains("<slice name=\"plc.princeton.study\"/>", "ada@princeton.test",
                "node1.princeton.test",
                "node2.princeton.test", "SignatureValue");

        researcher.getByLabel("Expire this many weeks from now").selectOption("4");
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Renew")).click();
        assertThat(PortalBrowser.notice(researcher)).contains("renewed");
        assertThat(researcher.locator(".facts dd").nth(1).textContent()).containsPattern("\\(in 2[78] days\\)");

        researcher.getByLabel("Type the slice's name to delete it").fill("princeton_study");
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete the slice")).click();
        assertThat(PortalBrowser.notice(researcher)).contains("The slice is deleted");
        assertThat((List<?>) testbed.client(PortalTestbed.OPERATOR_EMAIL).call("GetSlices", Map.of("name",
                "princeton_study"))).isEmpty();
        // The pages, htmx included, needed nothing the Content-Security-Policy forbids.
        assertThat(browser.policyViolations()).isEmpty();
    }

    /**
     * A researcher's slice and a reservable node: she finds the node's earliest free slot, which
     * fills the reservation form, reserves it, is refused the same slot again beside its field,
     * finds the next free slot after her lease, and cancels the lease; then sets a slice attribute
     * her role may set.
     */
    @Test
    void aResearcherReservesAReservableNodeInAFreeSlotCancelsTheLeaseAndSetsAnAttribute() {
        long caltech = testbed.plc.sites().addSite(Caller.INTERNAL, NewSite.named("caltech", "Caltech", "Caltech"));
        PortalTestbed.person(testbed.plc, "pi@caltech.test", "Cal", "Pi", caltech, Role.PI);
        PortalTestbed.person(testbed.plc, "lea@caltech.test", "Lea", "Sing", caltech, Role.USER);
        testbed.plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(caltech), new NewNode("node1.caltech.test",
                Optional.of("reservable"), Optional.empty(), Optional.empty(), Optional.empty()));
        PlcClient pi = testbed.client("pi@caltech.test");
        long sliceId = (Long) pi.call("AddSlice", Map.of("name", "caltech_timed", "url", "https://caltech.test/timed",
                "description", "Needs a node to itself for a while."));
        pi.call("AddPersonToSlice", "lea@caltech.test", sliceId);
        testbed.plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(caltech), new NewNode("node2.caltech.test",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        pi.call("AddSliceToNodes", sliceId, List.of("node2.caltech.test"));
        testbed.client(PortalTestbed.OPERATOR_EMAIL).call("AddSliceTag", sliceId, "cpu_share", "2");

        Page researcher = browser.visitor(testbed.uri());
        PortalBrowser.signIn(researcher, "lea@caltech.test", PortalTestbed.PASSWORD);
        researcher.navigate("/slices/" + sliceId);
        researcher.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Leases of reservable nodes")).click();
        assertThat(researcher.locator("main").textContent()).contains("The slice holds no lease");
        browser.checkAccessibility(researcher);

        researcher.getByLabel("Node to search").selectOption(new SelectOption().setLabel("node1.caltech.test"));
        researcher.getByLabel("For how many hours").fill("2");
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find a slot")).click();
        assertThat(researcher.locator("p.found").textContent()).contains("The node is free from");
        String start = researcher.inputValue("#start");
        assertThat(researcher.inputValue("#hours")).isEqualTo("2");
        browser.checkAccessibility(researcher);
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reserve the node")).click();
        assertThat(PortalBrowser.notice(researcher)).contains("The node is reserved");
        assertThat(researcher.locator("table").textContent()).contains("node1.caltech.test",
                start.replace('T', ' ') + " UTC");
        List<?> leases = (List<?>) pi.call("GetLeases", Map.of("slice_id", sliceId));
        assertThat(leases).hasSize(1);
        Map<?, ?> lease = (Map<?, ?>) leases.getFirst();
        assertThat(((Number) lease.get("t_until")).longValue() - ((Number) lease.get("t_from")).longValue())
                .isEqualTo(2 * 3600);

        // The same slot again overlaps the lease: refused beside the start, with what was typed kept.
        researcher.getByLabel("Start (UTC)").fill(start);
        researcher.getByLabel("Hours", new Page.GetByLabelOptions().setExact(true)).fill("1");
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reserve the node")).click();
        assertThat(researcher.locator("#start-error").textContent()).contains("is leased to slice caltech_timed");
        assertThat(researcher.getAttribute("#start", "aria-invalid")).isEqualTo("true");
        assertThat(researcher.inputValue("#hours")).isEqualTo("1");
        browser.checkAccessibility(researcher);
        researcher.getByLabel("For how many hours").fill("1");
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find a slot")).click();
        assertThat(researcher.inputValue("#start")).as("the next free slot begins when the lease ends")
                .isEqualTo(LocalDateTime.parse(start).plusHours(2).toString());

        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(
                "Cancel the lease of node1.caltech.test from " + start.replace('T', ' ') + " UTC")).click();
        assertThat(PortalBrowser.notice(researcher)).contains("The lease is cancelled");
        assertThat((List<?>) pi.call("GetLeases", Map.of("slice_id", sliceId))).isEmpty();

        // Attributes: only those her role may set are offered (bootscript, not cpu_share); a bad value is refused beside it.
        researcher.navigate("/slices/" + sliceId);
        assertThat(researcher.locator("#attribute option").allTextContents()).contains("bootscript", "tcp_ports")
                .doesNotContain("cpu_share");
        researcher.getByLabel("Attribute to set").selectOption("tcp_ports");
        researcher.getByLabel("Its value").fill("eighty");
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set the attribute")).click();
        assertThat(researcher.locator("#attribute_value-error").textContent()).contains("tcp_ports");
        browser.checkAccessibility(researcher);
        researcher.getByLabel("Attribute to set").selectOption("bootscript");
        researcher.getByLabel("Its value").fill("echo <ready> > /tmp/state");
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set the attribute")).click();
        assertThat(PortalBrowser.notice(researcher)).contains("The attribute is set");
        assertThat(researcher.locator("table.attributes").textContent()).contains("bootscript",
                "echo <ready> > /tmp/state");

        // One node's own value beside the slice's, then the slice-wide one removed; cpu_share is not hers to remove.
        researcher.getByLabel("Attribute to set").selectOption("bootscript");
        researcher.getByLabel("Set for", new Page.GetByLabelOptions().setExact(true))
                .selectOption(new SelectOption().setLabel("node2.caltech.test only"));
        researcher.getByLabel("Its value").fill("echo node2");
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set the attribute")).click();
        assertThat(PortalBrowser.notice(researcher)).contains("The attribute is set");
        browser.checkAccessibility(researcher);
        assertThat(researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                .setName("Remove cpu_share set for the whole slice")).count()).isZero();
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                .setName("Remove bootscript set for the whole slice")).click();
        assertThat(PortalBrowser.notice(researcher)).contains("The attribute is removed");
        List<?> tags = (List<?>) pi.call("GetSliceTags", Map.of("slice_id", sliceId, "tagname", "bootscript"));
        assertThat(tags).hasSize(1);
        Map<?, ?> tag = (Map<?, ?>) tags.getFirst();
        assertThat(tag.get("value")).isEqualTo("echo node2");
        assertThat(tag.get("node_id")).isNotNull();
        assertThat(researcher.locator("table.attributes tbody tr").allTextContents()).hasSize(2)
                .anySatisfy(row -> assertThat(row).contains("bootscript", "echo node2", "node2.caltech.test"))
                .anySatisfy(row -> assertThat(row).contains("cpu_share", "the whole slice"));
        assertThat(browser.policyViolations()).isEmpty();
    }

    /**
     * A PI changes the site's short name, web page, coordinates and subnets (a malformed address
     * and latitude refused beside their fields), removes the web page, position and subnets by
     * emptying their fields (an emptied name is refused beside its field, changing nothing), then
     * a person's roles: tech granted, user revoked; the PI role has no box.
     */
    @Test
    void aPiChangesTheSitesNamesAndWebPageAndAPersonsRoles() {
        long ucsd = testbed.plc.sites().addSite(Caller.INTERNAL, NewSite.named("ucsd", "UC San Diego", "UCSD"));
        PortalTestbed.person(testbed.plc, "pi@ucsd.test", "Uma", "Pi", ucsd, Role.PI);
        PortalTestbed.person(testbed.plc, "rae@ucsd.test", "Rae", "User", ucsd, Role.USER);
        Page pi = browser.visitor(testbed.uri());
        PortalBrowser.signIn(pi, "pi@ucsd.test", PortalTestbed.PASSWORD);
        pi.navigate("/site");
        pi.locator("summary", new Page.LocatorOptions().setHasText("Change the site's names")).click();
        browser.checkAccessibility(pi);
        pi.getByLabel("Short name").fill("UC SD");
        pi.getByLabel("Site's web page").fill("ftp://ucsd.test");
        pi.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the site")).click();
        assertThat(pi.locator("#url-error").textContent()).isNotBlank();
        assertThat(pi.inputValue("#abbreviated_name")).isEqualTo("UC SD");
        browser.checkAccessibility(pi);
        pi.getByLabel("Site's web page").fill("https://ucsd.test/planetlab");
        pi.getByLabel("Latitude (degrees north, -90 to 90)").fill("north");
        pi.getByLabel("Longitude (degrees east, -180 to 180)").fill("-117.23");
        pi.getByLabel("Subnets of the site's nodes").fill("192.0.2.0/24 198.51.100.0/25");
        pi.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the site")).click();
        assertThat(pi.locator("#latitude-error").textContent()).contains("is not a number");
        assertThat(pi.inputValue("#subnets")).isEqualTo("192.0.2.0/24 198.51.100.0/25");
        // A PI sees the limits but has no field for them: operators set them (UpdateSite).
        assertThat(pi.locator("#max_slices").count()).isZero();
        pi.getByLabel("Latitude (degrees north, -90 to 90)").fill("32.88");
        pi.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the site")).click();
        assertThat(PortalBrowser.notice(pi)).contains("The site is saved");
        Map<?, ?> site = (Map<?, ?>) ((List<?>) testbed.client("pi@ucsd.test").call("GetSites", List.of(ucsd)))
                .getFirst();
        assertThat(site.get("abbreviated_name")).isEqualTo("UC SD");
        assertThat(site.get("url")).isEqualTo("https://ucsd.test/planetlab");
        assertThat(site.get("name")).isEqualTo("UC San Diego");
        assertThat(site.get("latitude")).isEqualTo(32.88);
        assertThat(site.get("longitude")).isEqualTo(-117.23);
        assertThat(site.get("subnets")).isEqualTo(List.of("192.0.2.0/24", "198.51.100.0/25"));
        pi.locator("summary", new Page.LocatorOptions().setHasText("Change the site's names")).click();
        assertThat(pi.inputValue("#latitude")).isEqualTo("32.88");
        Page operator = browser.visitor(testbed.uri());
        PortalBrowser.signIn(operator, PortalTestbed.OPERATOR_EMAIL, PortalTestbed.PASSWORD);
        operator.navigate("/site?site=" + ucsd);
        operator.locator("summary", new Page.LocatorOptions().setHasText("Change the site's names")).click();
        operator.getByLabel("Most slices").fill("3");
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the site")).click();
        assertThat(PortalBrowser.notice(operator)).contains("The site is saved");
        browser.checkAccessibility(operator);
        assertThat(((Map<?, ?>) ((List<?>) testbed.client("pi@ucsd.test").call("GetSites", List.of(ucsd))).getFirst())
                .get("max_slices")).isEqualTo(3L);

        // Emptied optional fields are removed; an emptied name, or a position half removed, is refused beside its
        // field (the browser's own check taken away, as a browser without it would send it) and nothing changes.
        pi.navigate("/site");
        pi.locator("summary", new Page.LocatorOptions().setHasText("Change the site's names")).click();
        pi.getByLabel("Site's name").fill("");
        pi.getByLabel("Short name").fill("Changed");
        pi.getByLabel("Latitude (degrees north, -90 to 90)").fill("");
        pi.evaluate("() => document.getElementById('name').required = false");
        pi.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the site")).click();
        assertThat(pi.locator("#name-error").textContent()).contains("Give the site's name");
        assertThat(pi.locator("#latitude-error").textContent()).contains("Give the latitude too");
        assertThat(pi.getAttribute("#name", "aria-invalid")).isEqualTo("true");
        browser.checkAccessibility(pi);
        Map<?, ?> unchanged = (Map<?, ?>) ((List<?>) testbed.client("pi@ucsd.test").call("GetSites", List.of(ucsd)))
                .getFirst();
        assertThat(unchanged.get("abbreviated_name")).isEqualTo("UC SD");
        assertThat(unchanged.get("latitude")).isEqualTo(32.88);
        pi.getByLabel("Site's name").fill("UC San Diego");
        pi.getByLabel("Short name").fill("UC SD");
        pi.getByLabel("Site's web page").fill("");
        pi.getByLabel("Longitude (degrees east, -180 to 180)").fill("");
        pi.getByLabel("Subnets of the site's nodes").fill("");
        pi.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the site")).click();
        assertThat(PortalBrowser.notice(pi)).contains("The site is saved");
        Map<?, ?> cleared = (Map<?, ?>) ((List<?>) testbed.client("pi@ucsd.test").call("GetSites", List.of(ucsd)))
                .getFirst();
        assertThat(cleared.get("url")).isNull();
        assertThat(cleared.get("latitude")).isNull();
        assertThat(cleared.get("longitude")).isNull();
        assertThat(cleared.get("subnets")).isEqualTo(List.of());
        assertThat(cleared.get("name")).isEqualTo("UC San Diego");
        assertThat(cleared.get("max_slices")).isEqualTo(3L);

        Locator roles = pi.locator("form.roles", new Page.LocatorOptions().setHas(
                pi.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the roles of rae@ucsd.test"))));
        assertThat(roles.locator("input[type=checkbox]").evaluateAll("boxes => boxes.map(box => box.value)"))
                .isEqualTo(List.of("user", "tech"));
        roles.getByLabel("tech").check();
        roles.getByLabel("user").uncheck();
        roles.getByRole(AriaRole.BUTTON).click();
        assertThat(PortalBrowser.notice(pi)).contains("roles are changed");
        browser.checkAccessibility(pi);
        Map<?, ?> rae = (Map<?, ?>) ((List<?>) testbed.client("pi@ucsd.test").call("GetPersons",
                Map.of("email", "rae@ucsd.test"))).getFirst();
        assertThat(rae.get("roles")).isEqualTo(List.of("tech"));
        assertThat(pi.locator("form.roles .held").allTextContents()).contains("tech");
    }
}
