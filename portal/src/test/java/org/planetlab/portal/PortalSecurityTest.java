package org.planetlab.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.LoginThrottle;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.portal.web.PortalHandler;

/**
 * The portal's defences, in the browser: forms without their token are refused, hostile text
 * stored through the API renders as text, other people's objects cannot be reached by editing
 * URLs, a session id planted before login is worthless after it, and ended sessions end.
 */
class PortalSecurityTest extends SharedPortalStory {
    private static final List<String> HOSTILE = List.of(
            "<script>alert('xss-script')</script>",
            "\"><img src=x onerror=alert('xss-attribute')>",
            "' onmouseover='alert(1)' data-x='",
            "javascript:alert('xss-url')",
            "</textarea><svg onload=alert('xss-svg')>",
            "\u202Egnp.exe \u2067isolate\u2069",
            "4-byte: \uD83D\uDE00 \uD835\uDD4F \uD840\uDF0E",
            "{{7*7}} ${7*7} @{7*7}");

    /** A user at a site with a slice on a node and a key; returns the slice's id. */
    private long researcherWithSlice(String email, String slice, long siteId, String loginBase, String node) {
        PortalTestbed.person(testbed.plc, email, "Rita", "Researcher", siteId, Role.USER);
        PlcClient pi = testbed.client(siteId == testbed.princeton ? PortalTestbed.PI_EMAIL : PortalTestbed.OTHER_PI_EMAIL);
        long sliceId = (Long) pi.call("AddSlice", Map.of("name", loginBase + "_" + slice, "url",
                "https://example.org/" + slice, "description", "a slice"));
        pi.call("AddPersonToSlice", email, sliceId);
        pi.call("AddSliceToNodes", sliceId, List.of(node));
        testbed.client(email).call("AddPersonKey", email, Map.of("key_type", "ssh", "key", TestKeys.ed25519(email)));
        return sliceId;
    }

    @Test
    void everyStateChangingFormIsRefusedWithoutItsToken() {
        long sliceId = researcherWithSlice("forms@princeton.test", "forms", testbed.princeton, "princeton",
                "node1.princeton.test");
        testbed.client(new Credentials.Anonymous()).call("RegisterPerson", Map.of("email", "waiting@princeton.test",
                "first_name", "Wai", "last_name", "Ting", "password", "waiting-password-1"), "princeton");
        testbed.client(PortalTestbed.PI_EMAIL).call("AddSliceTag", sliceId, "bootscript", "echo forms",
                "node1.princeton.test");
        testbed.client(PortalTestbed.PI_EMAIL).call("AddPersonKey", PortalTestbed.PI_EMAIL,
                Map.of("key_type", "ssh", "key", TestKeys.ed25519("pi@desk")));
        // A reservable node of a site of its own (the other classes' sites keep their nodes) leased to the slice.
        long ucla = testbed.plc.sites().addSite(Caller.INTERNAL, NewSite.named("ucla", "UCLA", "UCLA"));
        testbed.plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(ucla), new NewNode("node1.ucla.test",
                Optional.of("reservable"), Optional.empty(), Optional.empty(), Optional.empty()));
        long hour = System.currentTimeMillis() / 1000 / 3600 * 3600;
        testbed.client(PortalTestbed.PI_EMAIL).call("AddLeases", List.of("node1.ucla.test"), sliceId, hour + 3600,
                hour + 2 * 3600);
        Page pi = browser.visitor(testbed.uri());
        PortalBrowser.signIn(pi, PortalTestbed.PI_EMAIL, PortalTestbed.PASSWORD);
        Page anonymous = browser.visitor(testbed.uri());
        List<String> refused = new ArrayList<>();
        for (String path : List.of("/site", "/slices/" + sliceId, "/slices/" + sliceId + "/nodes", "/keys", "/profile",
                "/slices/new", "/nodes", "/slices/" + sliceId + "/leases")) {
            refused.addAll(postEveryFormWithout(pi, path));
        }
        for (String path : List.of("/login", "/signup", "/reset", "/verify?key=x")) {
            refused.addAll(postEveryFormWithout(anonymous, path));
        }
        assertThat(refused).contains("/logout", "/site/people/", "/site/people/roles", "/site/edit", "/slices/" + sliceId + "/renew",
                "/slices/" + sliceId + "/stop", "/slices/" + sliceId + "/delete", "/slices/" + sliceId + "/users",
                "/slices/" + sliceId + "/nodes", "/slices/" + sliceId + "/nodes/remove", "/keys", "/keys/",
                "/profile", "/profile/email", "/slices/new", "/login", "/signup", "/reset", "/verify", "/slices/" + sliceId + "/leases",
                "/slices/" + sliceId + "/leases/cancel", "/slices/" + sliceId + "/attributes",
                "/slices/" + sliceId + "/attributes/delete");
        // Nothing happened: the PI is still signed in, the slice lives on its node, the applicant waits.
        pi.navigate("/slices/" + sliceId);
        assertThat(pi.locator("code.ssh").allTextContents()).containsExactly("ssh princeton_forms@node1.princeton.test");
        assertThat((List<?>) testbed.client(PortalTestbed.PI_EMAIL).call("GetLeases", Map.of("slice_id", sliceId)))
                .hasSize(1);
        assertThat((List<?>) testbed.client(PortalTestbed.PI_EMAIL).call("GetSliceTags", Map.of("slice_id", sliceId)))
                .hasSize(1);
        Object waiting = testbed.client(PortalTestbed.PI_EMAIL).call("GetPersons",
                Map.of("email", "waiting@princeton.test"));
        assertThat(((Map<?, ?>) ((List<?>) waiting).getFirst()).get("enabled")).isEqualTo(false);

        // Another visitor's token does not do either.
        Posted foreign = post(pi, "/slices/" + sliceId + "/stop",
                List.of(List.of("csrf", anonymous.inputValue("input[name=csrf] >> nth=0"))));
        assertThat(foreign.status()).isEqualTo(403);
    }

    /** Posts each form of the page without its token; returns the paths (ids cut off) that refused. */
    private List<String> postEveryFormWithout(Page page, String path) {
        page.navigate(path);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> forms = (List<Map<String, Object>>) page.evaluate("""
                () => Array.from(document.querySelectorAll('form[method=post]')).map(form => ({
                  action: new URL(form.action).pathname,
                  fields: Array.from(new FormData(form).entries()).filter(([name]) => name !== 'csrf')
                }))""");
        List<String> refused = new ArrayList<>();
        for (Map<String, Object> form : forms) {
            String action = (String) form.get("action");
            Posted response = post(page, action, (List<?>) form.get("fields"));
            assertThat(response.status()).as("POST %s without its token", action).isEqualTo(403);
            assertThat(response.text()).contains("This form has expired");
            refused.add(action.replaceAll("^/site/people/[0-9]+/(approve|reject)$", "/site/people/")
                    .replaceAll("^/site/people/[0-9]+/roles$", "/site/people/roles")
                    .replaceAll("^/keys/[0-9]+/delete$", "/keys/")
                    .replaceAll("^(/slices/[0-9]+/leases)/[0-9]+/cancel$", "$1/cancel")
                    .replaceAll("^(/slices/[0-9]+/attributes)/[0-9]+/delete$", "$1/delete"));
        }
        return refused;
    }

    @Test
    void hostileTextStoredThroughTheApiRendersAsTextOnEveryPage() {
        long sliceId = researcherWithSlice("hostile@mit.test", "hostile", testbed.mit, "mit", "node1.mit.test");
        PlcClient operator = testbed.client(PortalTestbed.OPERATOR_EMAIL);
        String name = HOSTILE.get(0) + " " + HOSTILE.get(1);
        String lastName = HOSTILE.get(2) + " " + HOSTILE.get(5) + " " + HOSTILE.get(6);
        String description = String.join(" | ", HOSTILE);
        testbed.client("hostile@mit.test").call("UpdatePerson", "hostile@mit.test",
                Map.of("first_name", name, "last_name", lastName));
        testbed.client(PortalTestbed.OTHER_PI_EMAIL).call("UpdateSlice", sliceId, Map.of("description", description));
        String siteName = "MIT " + HOSTILE.get(4) + " " + HOSTILE.get(3);
        operator.call("UpdateSite", "mit", Map.of("name", siteName));
        int dialogsBefore = browser.dialogs().size();

        Page researcher = browser.visitor(testbed.uri());
        PortalBrowser.signIn(researcher, "hostile@mit.test", PortalTestbed.PASSWORD);
        Map<String, List<String>> expected = Map.of(
                "/slices", List.of(description, name),
                "/slices/" + sliceId, List.of(description, name, lastName, siteName),
                "/slices/" + sliceId + "/nodes", List.of(siteName),
                "/nodes", List.of(siteName),
                "/keys", List.of(name),
                "/profile", List.of(name));
        expected.forEach((path, texts) -> {
            researcher.navigate(path);
            assertInert(researcher, texts);
        });
        Page pi = browser.visitor(testbed.uri());
        PortalBrowser.signIn(pi, PortalTestbed.OTHER_PI_EMAIL, PortalTestbed.PASSWORD);
        pi.navigate("/site");
        assertInert(pi, List.of(name, lastName, siteName));
        Page anonymous = browser.visitor(testbed.uri());
        anonymous.navigate("/signup");
        assertInert(anonymous, List.of(siteName));
        // The profile form shows the stored name back in its fields, unchanged.
        researcher.navigate("/profile");
        assertThat(researcher.inputValue("#first_name")).isEqualTo(name);
        assertThat(browser.dialogs().subList(dialogsBefore, browser.dialogs().size())).isEmpty();
    }

    private void assertInert(Page page, List<String> texts) {
        String text = (String) page.evaluate("() => document.body.textContent");
        for (String expected : texts) {
            assertThat(text).as("text of %s", page.url()).contains(expected);
        }
        assertThat(page.evaluate("() => document.querySelectorAll('script').length")).isEqualTo(2);
        assertThat(page.evaluate("() => document.querySelectorAll('img, svg, [onerror], [onload], [onmouseover],"
                + " [data-x]').length")).isEqualTo(0);
        browser.checkAccessibility(page);
    }

    @Test
    void otherPeoplesObjectsCannotBeReachedByEditingUrls() {
        long mine = researcherWithSlice("mine@princeton.test", "mine", testbed.princeton, "princeton",
                "node2.princeton.test");
        long theirs = researcherWithSlice("theirs@mit.test", "theirs", testbed.mit, "mit", "node1.mit.test");
        long theirTag = (Long) testbed.client(PortalTestbed.OTHER_PI_EMAIL).call("AddSliceTag", theirs, "bootscript",
                "echo theirs");
        long theirKey = (Long) ((Map<?, ?>) ((List<?>) testbed.client("theirs@mit.test").call("GetKeys"))
                .getFirst()).get("key_id");
        testbed.client(new Credentials.Anonymous()).call("RegisterPerson", Map.of("email", "applicant@mit.test",
                "first_name", "App", "last_name", "Licant", "password", "applicant-password-1"), "mit");
        long applicant = (Long) ((Map<?, ?>) ((List<?>) testbed.client(PortalTestbed.OPERATOR_EMAIL).call("GetPersons",
                Map.of("email", "applicant@mit.test"))).getFirst()).get("person_id");

        Page researcher = browser.visitor(testbed.uri());
        PortalBrowser.signIn(researcher, "mine@princeton.test", PortalTestbed.PASSWORD);
        researcher.navigate("/slices/" + mine);
        String token = researcher.inputValue("input[name=csrf] >> nth=0");
        assertThat(researcher.navigate("/slices/" + theirs).status()).isEqualTo(404);
        assertThat(researcher.navigate("/slices/" + theirs + "/nodes").status()).isEqualTo(404);
        assertThat(researcher.navigate("/slices/" + theirs + "/leases").status()).isEqualTo(404);
        for (String action : List.of("/slices/" + theirs + "/delete", "/slices/" + theirs + "/stop",
                "/slices/" + theirs + "/renew", "/slices/" + theirs + "/nodes/remove",
                "/slices/" + theirs + "/attributes/" + theirTag + "/delete",
                "/slices/" + mine + "/attributes/" + theirTag + "/delete")) {
            Posted response = post(researcher, action, List.of(List.of("csrf", token), List.of("confirm", "mit_theirs"),
                    List.of("weeks", "8"), List.of("node", "3")));
            assertThat(response.status()).as(action).isEqualTo(404);
        }
        assertThat(post(researcher, "/keys/" + theirKey + "/delete", List.of(List.of("csrf", token))).status())
                .isEqualTo(403);
        assertThat(researcher.navigate("/site").status()).isEqualTo(403);

        Page pi = browser.visitor(testbed.uri());
        PortalBrowser.signIn(pi, PortalTestbed.PI_EMAIL, PortalTestbed.PASSWORD);
        assertThat(pi.navigate("/site?site=" + testbed.mit).status()).isEqualTo(404);
        pi.navigate("/site");
        Posted approval = post(pi, "/site/people/" + applicant + "/approve", List.of(
                List.of("csrf", pi.inputValue("input[name=csrf] >> nth=0")),
                List.of("site", Long.toString(testbed.princeton))));
        assertThat(approval.status()).isEqualTo(403);
        // A site's limits are operators' to change, whatever a PI posts.
        assertThat(post(pi, "/site/edit", List.of(List.of("csrf", pi.inputValue("input[name=csrf] >> nth=0")),
                List.of("site", Long.toString(testbed.princeton)), List.of("max_slices", "1000"))).status())
                .isEqualTo(403);
        // Roles: not for another site's people, and a PI grants none at or above their own.
        long theirPerson = personId(operatorClient(), "theirs@mit.test");
        long minePerson = personId(operatorClient(), "mine@princeton.test");
        String piToken = pi.inputValue("input[name=csrf] >> nth=0");
        assertThat(post(pi, "/site/people/" + theirPerson + "/roles", List.of(List.of("csrf", piToken),
                List.of("site", Long.toString(testbed.princeton)), List.of("role", "tech"))).status())
                .isIn(403, 404);
        assertThat(post(pi, "/site/people/" + minePerson + "/roles", List.of(List.of("csrf", piToken),
                List.of("site", Long.toString(testbed.princeton)), List.of("role", "user"), List.of("role", "pi")))
                .status()).isEqualTo(403);
        assertThat(post(researcher, "/site/people/" + minePerson + "/roles", List.of(List.of("csrf", token),
                List.of("role", "tech"))).status()).isEqualTo(403);

        PlcClient operator = testbed.client(PortalTestbed.OPERATOR_EMAIL);
        assertThat((List<?>) operator.call("GetSlices", Map.of("slice_id", theirs))).hasSize(1);
        assertThat((List<?>) operator.call("GetKeys", Map.of("key_id", theirKey))).hasSize(1);
        assertThat((List<?>) operator.call("GetSliceTags", List.of(theirTag))).hasSize(1);
        assertThat(((Map<?, ?>) ((List<?>) operator.call("GetPersons", Map.of("person_id", applicant))).getFirst())
                .get("enabled")).isEqualTo(false);
        assertThat(((Map<?, ?>) ((List<?>) operator.call("GetSites", List.of(testbed.princeton))).getFirst())
                .get("max_slices")).isNotEqualTo(1000L);
        for (long person : List.of(theirPerson, minePerson)) {
            assertThat(((Map<?, ?>) ((List<?>) operator.call("GetPersons", List.of(person))).getFirst()).get("roles"))
                    .isEqualTo(List.of("user"));
        }
    }

    private PlcClient operatorClient() {
        return testbed.client(PortalTestbed.OPERATOR_EMAIL);
    }

    private static long personId(PlcClient client, String email) {
        return (Long) ((Map<?, ?>) ((List<?>) client.call("GetPersons", Map.of("email", email))).getFirst())
                .get("person_id");
    }

    @Test
    void aPlantedSessionIsReplacedAtLoginAndEndedSessionsEnd() {
        PortalTestbed.person(testbed.plc, "session@princeton.test", "Ses", "Sion", testbed.princeton, Role.USER);
        String attackers = (String) testbed.client(PortalTestbed.OTHER_PI_EMAIL).call("GetSession");
        Page victim = browser.visitor(testbed.uri());
        victim.navigate("/login");
        victim.context().addCookies(List.of(new Cookie(PortalHandler.SESSION_COOKIE, attackers)
                .setUrl(testbed.uri().toString()).setSecure(true).setHttpOnly(true)));
        PortalBrowser.signIn(victim, "session@princeton.test", PortalTestbed.PASSWORD);
        assertThat(victim.url()).endsWith("/slices");
        Cookie session = sessionCookie(victim);
        assertThat(session.value).isNotEqualTo(attackers);
        assertThat(session.secure).isTrue();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).isEqualTo(SameSiteAttribute.LAX);
        assertThat(session.path).isEqualTo("/");
        // The portal's session is PLC's: the API takes it, until the person signs out.
        PlcClient api = testbed.client(new Credentials.Session(session.value));
        assertThat(api.call("AuthCheck")).isEqualTo(1L);
        victim.locator("button", new Page.LocatorOptions().setHasText("Sign out")).click();
        assertThat(victim.url()).contains("/login");
        assertThatThrownBy(() -> api.call("AuthCheck")).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("session is unknown or has expired");

        // A session ended elsewhere (here through the API) ends in the browser too.
        PortalBrowser.signIn(victim, "session@princeton.test", PortalTestbed.PASSWORD);
        testbed.client(new Credentials.Session(sessionCookie(victim).value)).call("DeleteSession");
        victim.navigate("/slices");
        assertThat(victim.url()).endsWith("/login");
        assertThat(victim.context().cookies().stream().noneMatch(cookie ->
                cookie.name.equals(PortalHandler.SESSION_COOKIE) && !cookie.value.isEmpty())).isTrue();

        // So does one that expired: the store no longer finds it, and the browser is signed out.
        PortalBrowser.signIn(victim, "session@princeton.test", PortalTestbed.PASSWORD);
        String hash = org.planetlab.plc.auth.SessionStore.hash(sessionCookie(victim).value);
        testbed.plc.database().write(handle -> handle.createUpdate(
                "UPDATE sessions SET expires = :past WHERE session_hash = :hash")
                .bind("past", testbed.plc.mutations().now() - 1).bind("hash", hash).execute());
        victim.navigate("/keys");
        assertThat(victim.url()).endsWith("/login");
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountOutOfTheLoginForm() {
        PortalTestbed.person(testbed.plc, "guessed@princeton.test", "Gue", "Ssed", testbed.princeton, Role.USER);
        Page attacker = browser.visitor(testbed.uri());
        attacker.navigate("/login");
        String token = attacker.inputValue("input[name=csrf]");
        // The guesses are the login form's own POSTs, sent from the page without rendering each answer.
        for (int attempt = 0; attempt < LoginThrottle.Limits.DEFAULT.accountBurst(); attempt++) {
            Posted guess = post(attacker, "/login", List.of(List.of("csrf", token),
                    List.of("email", "guessed@princeton.test"), List.of("password", "wrong-password-" + attempt)));
            assertThat(guess.text()).as("guess %d", attempt).contains("password is wrong");
        }
        PortalBrowser.signIn(attacker, "guessed@princeton.test", PortalTestbed.PASSWORD);
        assertThat(attacker.locator("p.error").first().textContent()).containsIgnoringCase("too many failed logins");
    }

    @Test
    void techAndConsoleFormsNeedTheirTokenAndOtherSitesNodesAreOutOfReach() {
        PortalTestbed.person(testbed.plc, "tech@mit.test", "Tim", "Tech", testbed.mit, Role.TECH);
        PlcClient princetonPi = testbed.client(PortalTestbed.PI_EMAIL);
        long nodeId = (Long) ((Map<?, ?>) ((List<?>) princetonPi.call("GetNodes", Map.of("hostname",
                "node2.princeton.test"))).getFirst()).get("node_id");
        long interfaceId = (Long) princetonPi.call("AddInterface", nodeId, Map.of("method", "static", "type", "ipv4",
                "ip", "127.0.0.22", "netmask", "255.0.0.0"));
        long sliceId = researcherWithSlice("stopped@princeton.test", "tokens", testbed.princeton, "princeton",
                "node2.princeton.test");
        long pcuId = (Long) princetonPi.call("AddPCU", testbed.princeton, Map.of("ip", "127.0.0.23", "hostname",
                "pcu1.princeton.test", "protocol", "ipmi"));
        String file = (String) princetonPi.call("GetNodeConfigFile", nodeId);
        Object bootState = ((Map<?, ?>) ((List<?>) princetonPi.call("GetNodes", List.of(nodeId))).getFirst())
                .get("boot_state");
        // A complaint whose words are hostile: the console and the complaints page show them as text.
        String hostile = String.join(" | ", HOSTILE);
        testbed.plc.audit().complaints().addComplaint(org.planetlab.plc.auth.Caller.INTERNAL,
                new org.planetlab.plc.audit.NewComplaint(sliceId, nodeId, HOSTILE.get(0), "abuse@victim.test", hostile,
                        new org.planetlab.api.audit.FlowRecord((int) nodeId, (int) sliceId, "princeton_tokens",
                                org.planetlab.api.audit.FlowRecord.Direction.OUTBOUND, 6, 1_000, 2_000, "10.0.0.2", 1,
                                "198.51.100.1", 1, "192.0.2.9", 80, 1, 100, 1, 100, 0, false)));

        Page operator = browser.visitor(testbed.uri());
        PortalBrowser.signIn(operator, PortalTestbed.OPERATOR_EMAIL, PortalTestbed.PASSWORD);
        List<String> refused = new ArrayList<>();
        // A site without a hosting agreement, so that the console shows the form recording one.
        testbed.plc.sites().addSite(org.planetlab.plc.auth.Caller.INTERNAL,
                org.planetlab.plc.site.NewSite.named("unsigned", "Unsigned", "Unsigned"));
        String revoke = "/console/agreements/" + testbed.princeton + "/revoke";
        for (String path : List.of("/console/sites/new", "/console/agreements", revoke, "/console/stop-all",
                "/console/slices/" + sliceId + "/stop", "/complaints", "/site/nodes?site=" + testbed.princeton,
                "/site/nodes/" + nodeId)) {
            refused.addAll(postEveryFormWithout(operator, path));
        }
        assertThat(refused).contains("/console/sites/new", "/console/agreements", revoke, "/console/stop-all",
                "/console/slices/" + sliceId + "/stop",
                "/site/nodes", "/site/nodes/" + nodeId + "/plnode.txt",
                "/site/nodes/" + nodeId + "/boot-state", "/site/nodes/" + nodeId + "/reboot",
                "/site/nodes/" + nodeId + "/power-cycle", "/site/nodes/" + nodeId + "/interfaces/" + interfaceId,
                "/site/nodes/" + nodeId + "/pcus/" + pcuId, "/site/nodes/" + nodeId + "/pcus/" + pcuId + "/delete");
        assertThat(refused.stream().anyMatch(action -> action.matches("/complaints/[0-9]+/status"))).isTrue();
        for (String path : List.of("/complaints", "/console")) {
            operator.navigate(path);
            assertInert(operator, List.of(hostile));
        }

        Page otherTech = browser.visitor(testbed.uri());
        PortalBrowser.signIn(otherTech, "tech@mit.test", PortalTestbed.PASSWORD);
        otherTech.navigate("/site/nodes");
        String token = otherTech.inputValue("input[name=csrf] >> nth=0");
        assertThat(otherTech.navigate("/site/nodes/" + nodeId).status()).isEqualTo(404);
        assertThat(otherTech.navigate("/site/nodes?site=" + testbed.princeton).status()).isEqualTo(404);
        assertThat(otherTech.navigate("/site/nodes/" + nodeId + "/usage").status()).isEqualTo(404);
        for (String action : List.of("/plnode.txt", "/boot-state", "/reboot", "/power-cycle",
                "/interfaces/" + interfaceId, "/pcus/" + pcuId, "/pcus/" + pcuId + "/delete",
                "/pcus/" + pcuId + "/unwire")) {
            Posted response = post(otherTech, "/site/nodes/" + nodeId + action, List.of(List.of("csrf", token),
                    List.of("boot_state", "disabled"), List.of("method", "dhcp"),
                    List.of("pcu" + pcuId + "_ip", "127.0.0.99")));
            assertThat(response.status()).as(action).isEqualTo(404);
        }
        assertThat(otherTech.navigate("/console").status()).isEqualTo(403);
        Page otherPi = browser.visitor(testbed.uri());
        PortalBrowser.signIn(otherPi, PortalTestbed.OTHER_PI_EMAIL, PortalTestbed.PASSWORD);
        otherPi.navigate("/complaints");
        assertThat(otherPi.content()).doesNotContain("princeton_tokens");
        Posted siteStop = post(otherPi, "/console/sites/" + testbed.princeton + "/stop", List.of(
                List.of("csrf", otherPi.inputValue("input[name=csrf] >> nth=0")), List.of("reason", "mine now"),
                List.of("confirm", "yes")));
        assertThat(siteStop.status()).isEqualTo(403);
        // Revoking an agreement is for operators only, whatever a PI posts.
        assertThat(otherPi.navigate(revoke).status()).isEqualTo(403);
        otherPi.navigate("/complaints");
        assertThat(post(otherPi, revoke, List.of(List.of("csrf", otherPi.inputValue("input[name=csrf] >> nth=0")),
                List.of("confirm", "yes"))).status()).isEqualTo(403);
        Page researcher = browser.visitor(testbed.uri());
        PortalBrowser.signIn(researcher, "stopped@princeton.test", PortalTestbed.PASSWORD);
        for (String path : List.of("/site/nodes/" + nodeId, "/console", "/complaints")) {
            assertThat(researcher.navigate(path).status()).as(path).isEqualTo(403);
        }

        // Nothing changed: the node keeps its key, boot state, interface and PCU; the slice runs.
        assertThat(princetonPi.call("GetNodeConfigFile", nodeId)).isEqualTo(file);
        Map<?, ?> node = (Map<?, ?>) ((List<?>) princetonPi.call("GetNodes", List.of(nodeId))).getFirst();
        assertThat(node.get("boot_state")).isEqualTo(bootState);
        assertThat(((Map<?, ?>) ((List<?>) princetonPi.call("GetInterfaces", List.of(interfaceId))).getFirst())
                .get("method")).isEqualTo("static");
        assertThat(((Map<?, ?>) ((List<?>) princetonPi.call("GetPCUs", List.of(pcuId))).getFirst()).get("ip"))
                .isEqualTo("127.0.0.23");
        assertThat(((Map<?, ?>) ((List<?>) princetonPi.call("GetSlices", List.of(sliceId))).getFirst()).get("state"))
                .isNotEqualTo("stopped");
        assertThat((List<?>) princetonPi.call("GetSiteAgreements", List.of("princeton"))).hasSize(1);
    }

    /** What the portal answered a form posted by the page itself (a same-origin fetch, with its cookies). */
    record Posted(int status, String text) {}

    static Posted post(Page page, String action, List<?> fields) {
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = (Map<String, Object>) page.evaluate("""
                async ([action, fields]) => {
                  const response = await fetch(action, { method: 'POST', body: new URLSearchParams(fields),
                      credentials: 'same-origin', redirect: 'manual' });
                  return { status: response.status, text: await response.text() };
                }""", List.of(action, fields));
        return new Posted(((Number) answer.get("status")).intValue(), (String) answer.get("text"));
    }

    private static Cookie sessionCookie(Page page) {
        return page.context().cookies().stream().filter(cookie -> cookie.name.equals(PortalHandler.SESSION_COOKIE))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie"));
    }
}
