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
        site.put("login_base", SITE);
        site.put("name", SITE_NAME);
        site.put("abbreviated_name", "Testbed");
        site.put("url", "https://" + TestbedLayout.DOMAIN + "/");
        site.put("subnets", List.of(layout.subnet() + ".0/24"));
        long siteId = (Long) operator.call("AddSite", site);
        PlcClient pi = operator.as(staff(PI, "Pat", "pi", siteId, passwords));
        PlcClient tech = operator.as(staff(TECH, "Terry", "tech", siteId, passwords));

        Map<String, Object> applicant = person(USER, "Uma", password(USER, passwords));
        long userId = (Long) operator.as(new Credentials.Anonymous()).call("RegisterPerson", applicant, SITE);
        pi.call("ApprovePerson", userId);
        PlcClient user = operator.as(new Credentials.Password(USER, passwords.get(USER)));
        user.call("AddPersonKey", userId, Map.of("key_type", "ssh", "key", userKey()));

        List<Object> hostnames = new ArrayList<>();
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            long nodeId = (Long) tech.call("AddNode", siteId, Map.of("hostname", node.hostname(), "boot_state", "boot"));
            tech.call("AddInterface", nodeId, Map.of("method", "static", "type", "ipv4", "ip", node.address(),
                    "netmask", "255.255.255.0"));
            write(node.directory().resolve("plnode.txt"), (String) tech.call("GetNodeConfigFile", nodeId));
            hostnames.add(node.hostname());
        }

        Map<String, Object> slice = new LinkedHashMap<>();
        slice.put("name", SLICE);
        slice.put("description", "The testbed's demonstration slice");
        slice.put("url", "https://" + TestbedLayout.DOMAIN + "/hello");
        pi.call("AddSlice", slice);
        pi.call("AddPersonToSlice", USER, SLICE);
        pi.call("SetSliceAttr", SLICE, Map.of("name", "bootscript",
                "value", "echo \"hello from $(hostname) at $(date)\" > /tmp/hello"));
        user.call("AddSliceToNodes", SLICE, hostnames);
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
    private String userKey() {
        Path key = layout.demoDir().resolve("id_ed25519");
        if (!Files.exists(key)) {
            HostCommand.onHost().run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", USER,
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
