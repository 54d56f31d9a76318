package org.planetlab.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium driven by Playwright. Chromium trusts PLC's TLS CA by its public key
 * ({@code --ignore-certificate-errors-spki-list}, which accepts only chains holding that key), so
 * certificate checking stays on for every other key. Each page visited can be checked with
 * axe-core for accessibility.
 */
public final class PortalBrowser implements AutoCloseable {
    private static final String AXE = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

    private final Playwright playwright;
    private final Browser browser;
    private final String axeSource;
    private final List<String> dialogs = new ArrayList<>();
    private final List<String> policyViolations = new ArrayList<>();

    private PortalBrowser(Playwright playwright, Browser browser, String axeSource) {
        this.playwright = playwright;
        this.browser = browser;
        this.axeSource = axeSource;
    }

    public static PortalBrowser launch(X509Certificate trustedCa) {
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true)
                // Root has no user namespace sandbox in a container; the pages are the test's own.
                .setArgs(List.of("--no-sandbox", "--ignore-certificate-errors-spki-list=" + spki(trustedCa))));
        return new PortalBrowser(playwright, browser, axe());
    }

    /** A fresh visitor: no cookies; every dialog a page opens is recorded (and dismissed). */
    public Page visitor(URI base) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(base.toString())
                .setViewportSize(1200, 900));
        context.setDefaultTimeout(10_000);
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                policyViolations.add(page.url() + ": " + message.text());
            }
        });
        page.onDialog(dialog -> {
            dialogs.add(dialog.type() + ": " + dialog.message());
            dialog.dismiss();
        });
        return page;
    }

    /** Dialogs any page opened (a script run by hostile text would show here). */
    public List<String> dialogs() {
        return List.copyOf(dialogs);
    }

    /** What the browser refused under the pages' Content-Security-Policy (inline script or style, ...). */
    public List<String> policyViolations() {
        return List.copyOf(policyViolations);
    }

    /** Runs axe-core on the page; fails on any serious or critical violation. */
    public void checkAccessibility(Page page) {
        page.evaluate(axeSource);
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) page.evaluate("""
                async () => {
                  const result = await axe.run(document, { resultTypes: ['violations'] });
                  return result.violations
                      .filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                          + v.nodes.map(n => n.target.join(' ')).join('; '));
                }""");
        assertThat(violations).as("axe-core on %s", page.url()).isEmpty();
    }

    /** The notice the last action left; fails with what the page says instead when there is none. */
    public static String notice(Page page) {
        Locator notice = page.locator("p.notice");
        if (notice.count() == 0) {
            throw new AssertionError("no notice on " + page.url() + "; the page says:\n" + page.innerText("body"));
        }
        return notice.textContent();
    }

    public static void signIn(Page page, String email, String password) {
        page.navigate("/login");
        page.getByLabel("E-mail address").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    }

    private static String spki(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String axe() {
        try (InputStream in = PortalBrowser.class.getResourceAsStream(AXE)) {
            if (in == null) {
                throw new IllegalStateException("axe-core is missing from the test class path: " + AXE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
