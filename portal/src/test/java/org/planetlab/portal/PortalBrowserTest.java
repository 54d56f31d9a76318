package org.planetlab.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.planetlab.plc.testing.TestKeys;

/**
 * The researcher's story in a real browser against a real PLC over TLS, with real mail: sign up,
 * verify by the mailed link, approval by the site's PI (in the browser), sign in, upload a key,
 * the PI creates a slice and adds the researcher, who adds nodes from the node browser, sees the
 * SSH command of each sliver, renews and deletes the slice. Every page is checked with axe-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPortal.class)
class PortalBrowserTest {
    private PortalTestbed testbed;
    private PortalBrowser browser;

    @BeforeAll
    void start(SharedPortal.Shared shared) {
        testbed = shared.testbed();
        browser = shared.browser();
    }

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
        assertThat(notice(researcher)).contains("we sent a link to verify");

        // Not yet: the account waits for verification and approval.
        signIn(researcher, email, "ada-password-1");
        assertThat(researcher.locator("p.error").first().textContent()).contains("not enabled");

        String verification = testbed.mailTo(email, "verify your e-mail address");
        researcher.navigate(PortalTestbed.link(verification));
        browser.checkAccessibility(researcher);
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify my address")).click();
        assertThat(notice(researcher)).contains("Your address is verified");
        assertThat(testbed.mailTo(PortalTestbed.PI_EMAIL, "waits for your approval")).contains(email);

        Page pi = browser.visitor(testbed.uri());
        signIn(pi, PortalTestbed.PI_EMAIL, PortalTestbed.PASSWORD);
        pi.navigate("/site");
        browser.checkAccessibility(pi);
        Locator pendingRow = pi.locator("tr", new Page.LocatorOptions().setHasText(email));
        assertThat(pendingRow.locator("td").nth(2).textContent()).isEqualTo("yes");
        pendingRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve " + email)).click();
        assertThat(notice(pi)).contains("approved");

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
        assertThat(notice(pi)).contains("user is added");

        signIn(researcher, email, "ada-password-1");
        assertThat(researcher.url()).endsWith("/slices");
        browser.checkAccessibility(researcher);
        assertThat(researcher.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create a slice")).count())
                .isZero();
        assertThat(researcher.navigate("/slices/new").status()).isEqualTo(403);

        researcher.navigate("/keys");
        browser.checkAccessibility(researcher);
        researcher.getByLabel("Public key").fill(TestKeys.ed25519("ada@laptop"));
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add the key")).click();
        assertThat(notice(researcher)).contains("The key is added");
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
        assertThat(notice(researcher)).contains("nodes are added");
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
        assertThat(notice(researcher)).contains("renewed");
        assertThat(researcher.locator(".facts dd").nth(1).textContent()).containsPattern("\\(in 2[78] days\\)");

        researcher.getByLabel("Type the slice's name to delete it").fill("princeton_study");
        researcher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete the slice")).click();
        assertThat(notice(researcher)).contains("The slice is deleted");
        assertThat((List<?>) testbed.client(PortalTestbed.OPERATOR_EMAIL).call("GetSlices", Map.of("name",
                "princeton_study"))).isEmpty();
        // The pages, htmx included, needed nothing the Content-Security-Policy forbids.
        assertThat(browser.policyViolations()).isEmpty();
    }

    /** The notice the last action left; fails with what the page says instead when there is none. */
    static String notice(Page page) {
        Locator notice = page.locator("p.notice");
        if (notice.count() == 0) {
            throw new AssertionError("no notice on " + page.url() + "; the page says:\n" + page.innerText("body"));
        }
        return notice.textContent();
    }

    static void signIn(Page page, String email, String password) {
        page.navigate("/login");
        page.getByLabel("E-mail address").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    }
}
