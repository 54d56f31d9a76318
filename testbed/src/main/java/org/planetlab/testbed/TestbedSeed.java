package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.node.host.HostCommand;
import org.planetlab.plc.Passwords;

/**
 * Fills a new testbed's PLC through its API, as its people would: an operator creates the demo
 * site with its PI and tech; a user registers and the PI approves her; she uploads an SSH key
 * (generated here, kept for the person running the testbed); the tech registers the nodes with
 * their real addresses and fetches their plnode.txt; the PI creates a slice on every node.
 */
public final class TestbedSeed {
    public static final String SITE = "demo";
    public static final String SITE_NAME = "Testbed University";
    public static final String PI = "pi@" + TestbedLayout.DOMAIN;
    public static final String TECH = "tech@" + TestbedLayout.DOMAIN;
    public static final String USER = "user@" + TestbedLayout.DOMAIN;
    public static final String SLICE = "demo_hello";

    /** The demo site's PI in {@code layout}'s testbed ({@link #PI} unless it is one of two peers). */
    public static String pi(TestbedLayout layout) {
        return "pi@" + layout.domain();
    }

    public static String tech(TestbedLayout layout) {
        return "tech@" + layout.domain();
    }

    /** The demo user, who holds the key in the demo directory. */
    public static String user(TestbedLayout layout) {
        return "user@" + layout.domain();
    }

    /** The demo slice, on every node of its PLC. */
    public static String slice(TestbedLayout layout) {
        return layout.siteLoginBase() + "_hello";
    }

    public static String siteName(TestbedLayout layout) {
        return layout.peer().isEmpty() ? SITE_NAME : SITE_NAME + " " + layout.peer().toUpperCase(java.util.Locale.ROOT);
    }

    private final PlcClient operator;
    private final TestbedLayout layout;
    private final SecureRandom random;

    TestbedSeed(PlcClient operator, TestbedLayout layout, SecureRandom random) {
        this.operator = requireNonNull(operator, "operator is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** The demo accounts' passwords, by e-mail. */
    Map<String, String> seed() {
        Map<String, String> passwords = new LinkedHashMap<>();
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("login_base", layout.siteLoginBase());
        site.put("name", siteName(layout));
        site.put("abbreviated_name", "Testbed");
        site.put("url", "https://" + layout.domain() + "/");
        site.put("subnets", List.of(layout.subnet() + ".0/24"));
        long siteId = (Long) operator.call("AddSite", site);
        PlcClient pi = operator.as(staff(pi(layout), "Pat", "pi", siteId, passwords));
        // The site's PI has signed the hosting agreement: without it the PI may not create slices.
        operator.call("RecordSiteAgreement", siteId, Map.of("signed_by", pi(layout), "version", "testbed"));
        PlcClient tech = operator.as(staff(tech(layout), "Terry", "tech", siteId, passwords));

        String userEmail = user(layout);
        Map<String, Object> applicant = person(userEmail, "Uma", password(userEmail, passwords));
        long userId = (Long) operator.as(new Credentials.Anonymous()).call("RegisterPerson", applicant,
                layout.siteLoginBase());
        pi.call("ApprovePerson", userId);
        PlcClient user = operator.as(new Credentials.Password(userEmail, passwords.get(userEmail)));
        user.call("AddPersonKey", userId, Map.of("key_type", "ssh", "key", userKey(userEmail)));

        List<Object> hostnames = new ArrayList<>();
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            long nodeId = (Long) tech.call("AddNode", siteId, Map.of("hostname", node.hostname(), "boot_state", "boot"));
            tech.call("AddInterface", nodeId, Map.of("method", "static", "type", "ipv4", "ip", node.address(),
                    "netmask", "255.255.255.0"));
            write(node.directory().resolve("plnode.txt"), (String) tech.call("GetNodeConfigFile", nodeId));
            hostnames.add(node.hostname());
        }

        String sliceName = slice(layout);
        Map<String, Object> slice = new LinkedHashMap<>();
        slice.put("name", sliceName);
        slice.put("description", "The testbed's demonstration slice");
        slice.put("url", "https://" + layout.domain() + "/hello");
        pi.call("AddSlice", slice);
        pi.call("AddPersonToSlice", userEmail, sliceName);
        pi.call("SetSliceAttr", sliceName, Map.of("name", "bootscript",
                "value", "echo \"hello from $(hostname) at $(date)\" > /tmp/hello"));
        user.call("AddSliceToNodes", sliceName, hostnames);
        return passwords;
    }

    private Credentials.Password staff(String email, String first, String role, long siteId,
            Map<String, String> passwords) {
        Map<String, Object> fields = person(email, first, password(email, passwords));
        fields.put("enabled", true);
        long personId = (Long) operator.call("AddPerson", fields);
        operator.call("AddPersonToSite", personId, siteId);
        operator.call("AddRoleToPerson", role, personId);
        return new Credentials.Password(email, passwords.get(email));
    }

    private static Map<String, Object> person(String email, String first, String password) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("first_name", first);
        fields.put("last_name", "Demo");
        fields.put("password", password);
        return fields;
    }

    private String password(String email, Map<String, String> passwords) {
        String password = Passwords.generate(random);
        passwords.put(email, password);
        return password;
    }

    /** The demo user's SSH key pair, made with ssh-keygen so that ssh can use it as it is. */
    private String userKey(String email) {
        Path key = layout.demoDir().resolve("id_ed25519");
        if (!Files.exists(key)) {
            HostCommand.onHost().run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email,
                    "-f", key.toString()));
        }
        try {
            return Files.readString(key.resolveSibling("id_ed25519.pub"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
