package org.planetlab.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.method.Role;

/**
 * A person changes the e-mail address they sign in with on their profile: a malformed address,
 * a wrong current password and an address another account has are each refused beside their
 * field and change nothing; the right one changes it, the browser stays signed in, and the next
 * sign-in is with the new address only. Every page is checked with axe-core.
 */
class PortalProfileTest extends SharedPortalStory {
    @Test
    void aPersonChangesTheirEmailAddressWithTheirPassword() {
        long me = PortalTestbed.person(testbed.plc, "ema@princeton.test", "Ema", "Mover", testbed.princeton, Role.USER);
        PortalTestbed.person(testbed.plc, "taken@princeton.test", "Tak", "En", testbed.princeton, Role.USER);
        PlcClient operator = testbed.client(PortalTestbed.OPERATOR_EMAIL);
        Page page = browser.visitor(testbed.uri());
        PortalBrowser.signIn(page, "ema@princeton.test", PortalTestbed.PASSWORD);
        page.navigate("/profile");
        browser.checkAccessibility(page);
        assertThat(page.locator("#email + p").textContent()).contains("ema@princeton.test");

        // The browser takes ada@localhost as an address; UpdatePerson's type does not.
        change(page, "ema@localhost", PortalTestbed.PASSWORD);
        assertThat(page.locator("#new_email-error").textContent()).contains("an e-mail address such as");
        assertThat(page.inputValue("#new_email")).isEqualTo("ema@localhost");
        assertThat(page.inputValue("#first_name")).isEqualTo("Ema");
        browser.checkAccessibility(page);
        change(page, "ema@new.princeton.test", "not-my-password");
        assertThat(page.locator("#current_password-error").textContent()).contains("current password is wrong");
        assertThat(page.getAttribute("#current_password", "aria-invalid")).isEqualTo("true");
        change(page, "TAKEN@princeton.test", PortalTestbed.PASSWORD);
        assertThat(page.locator("#new_email-error").textContent()).contains("already in use");
        browser.checkAccessibility(page);
        assertThat(email(operator, me)).isEqualTo("ema@princeton.test");

        change(page, "ema@new.princeton.test", PortalTestbed.PASSWORD);
        assertThat(PortalBrowser.notice(page)).contains("e-mail address is changed");
        assertThat(email(operator, me)).isEqualTo("ema@new.princeton.test");
        // Still signed in, under the new address.
        assertThat(page.locator("#email + p").textContent()).contains("ema@new.princeton.test");
        assertThat(page.navigate("/keys").url()).endsWith("/keys");

        Page again = browser.visitor(testbed.uri());
        PortalBrowser.signIn(again, "ema@princeton.test", PortalTestbed.PASSWORD);
        assertThat(again.url()).contains("/login");
        PortalBrowser.signIn(again, "ema@new.princeton.test", PortalTestbed.PASSWORD);
        assertThat(again.url()).endsWith("/slices");
        assertThat(browser.policyViolations()).isEmpty();
    }

    private static void change(Page page, String email, String password) {
        page.getByLabel("New e-mail address").fill(email);
        page.getByLabel("Your current password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change the e-mail address")).click();
    }

    private static String email(PlcClient client, long personId) {
        return (String) ((Map<?, ?>) ((List<?>) client.call("GetPersons", List.of(personId))).getFirst()).get("email");
    }
}
