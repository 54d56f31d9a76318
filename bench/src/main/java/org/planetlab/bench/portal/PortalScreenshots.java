package org.planetlab.bench.portal;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.DemoRegistry;
import org.planetlab.plc.Plc;
import org.planetlab.plc.PlcConfig;
import org.planetlab.plc.testing.TestingClock;

/**
 * Screenshots of the portal's main pages, for docs/portal.md: a PLC over TLS seeded with the demo
 * registry (and two days of usage, a complaint, an operator), browsed by Debian's headless
 * Chromium as each role, one PNG per page.
 *
 * <p>Usage: {@code PortalScreenshots [DIRECTORY]}; default {@code docs/images/portal}.
 */
public final class PortalScreenshots {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 700;
    private static final int MAX_HEIGHT = 1400;

    private PortalScreenshots() {}

    public static void main(String[] args) throws Exception {
        Path directory = Paths.get(args.length > 0 ? args[0] : "docs/images/portal");
        Files.createDirectories(directory);
        Path dataDir = Files.createTempDirectory("portal-screenshots");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("port", "0");
        settings.put("tls", "true");
        settings.put("password-hash-memory-kib", "64");
        TestingClock clock = new TestingClock(Instant.now().minus(ScreenshotRegistry.HISTORY));
        try (Plc plc = Plc.start(PlcConfig.fromDataDir(dataDir, settings), clock, new SecureRandom(),
                (handle, request) -> {
                    throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "no nodes take part here");
                }, true);
                Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            ScreenshotRegistry registry = ScreenshotRegistry.seed(plc, clock);
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true)
                    // Root has no user namespace sandbox in a container; the pages are PLC's own.
                    .setArgs(List.of("--no-sandbox", "--ignore-certificate-errors-spki-list="
                            + spki(plc.trust().tlsCaCertificate()))));
            Shooter shooter = new Shooter(browser, "https://localhost:" + plc.port(), directory, registry);
            shooter.anonymous();
            String slice = "/slices/" + registry.sliceId();
            shooter.signedIn(DemoRegistry.USER, List.of(new Shot("researcher-slices", "/slices"),
                    new Shot("researcher-slice", slice), new Shot("researcher-add-nodes", slice + "/nodes"),
                    new Shot("researcher-usage", slice + "/usage")));
            shooter.signedIn(DemoRegistry.PI, List.of(new Shot("pi-site", "/site")));
            shooter.signedIn(DemoRegistry.TECH, List.of(new Shot("tech-nodes", "/site/nodes"),
                    new Shot("tech-node", "/site/nodes/" + registry.firstNodeId())));
            shooter.signedIn(ScreenshotRegistry.OPERATOR, List.of(new Shot("operator-console", "/console"),
                    new Shot("operator-events", "/console/events"), new Shot("operator-complaints", "/complaints"),
                    new Shot("sites-map", "/sites/map")));
            browser.close();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** A page to save: the file's name (without .png) and the page's path. */
    private record Shot(String name, String path) {}

    /** Signs in as each role and saves the pages that role works with. */
    private record Shooter(Browser browser, String base, Path directory, ScreenshotRegistry registry) {
        void anonymous() {
            Page page = visitor();
            page.navigate("/login");
            shoot(page, "login");
            page.context().close();
        }

        /** Signs in as {@code email} and saves each page. */
        void signedIn(String email, List<Shot> shots) {
            Page page = signIn(email);
            for (Shot shot : shots) {
                page.navigate(shot.path());
                shoot(page, shot.name());
            }
            page.context().close();
        }

        private Page signIn(String email) {
            Page page = visitor();
            page.navigate("/login");
            page.getByLabel("E-mail address").fill(email);
            page.getByLabel("Password").fill(registry.password(email));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            page.waitForURL(url -> !url.endsWith("/login"));
            return page;
        }

        private Page visitor() {
            Page page = browser.newContext(new Browser.NewContextOptions().setBaseURL(base)
                    .setViewportSize(WIDTH, HEIGHT)).newPage();
            page.setDefaultTimeout(10_000);
            return page;
        }

        private void shoot(Page page, String name) {
            // The whole page, but long lists (the event log) only to a screen's worth or two.
            double height = Math.min(MAX_HEIGHT, ((Number) page.evaluate("document.documentElement.scrollHeight"))
                    .doubleValue());
            page.screenshot(new Page.ScreenshotOptions().setPath(directory.resolve(name + ".png")).setFullPage(true)
                    .setClip(0, 0, WIDTH, height));
            System.out.println(directory.resolve(name + ".png"));
        }
    }

    private static String spki(X509Certificate certificate) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
        return Base64.getEncoder().encodeToString(digest);
    }
}
