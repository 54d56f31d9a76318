package org.planetlab.plc;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.method.Role;
import org.planetlab.plc.api.Dispatcher;
import org.planetlab.plc.auth.Caller;

/**
 * Seeds a demonstration registry through the API: a site with a PI, a tech and an approved
 * user, three nodes, and a slice on them. Passwords are random and returned to be shown once.
 */
public final class DemoRegistry {
    /** The demo accounts, for the person running the demo. */
    public record Credentials(Map<String, String> passwordsByEmail, List<String> nodes, String slice) {}

    public static final String SITE = "demo";
    public static final String PI = "pi@demo.example.org";
    public static final String TECH = "tech@demo.example.org";
    public static final String USER = "user@demo.example.org";
    public static final String SLICE = "demo_hello";

    private final Dispatcher dispatcher;
    private final SecureRandom random;

    public DemoRegistry(Dispatcher dispatcher, SecureRandom random) {
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.random = requireNonNull(random, "random is null");
    }

    public Credentials seed(int nodeCount) {
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("login_base", SITE);
        site.put("name", "Demo University");
        site.put("abbreviated_name", "Demo");
        site.put("url", "https://demo.example.org/");
        site.put("latitude", 40.35);
        site.put("longitude", -74.66);
        long siteId = (Long) dispatcher.invokeAs(Caller.INTERNAL, "AddSite", List.of(site));

        Map<String, String> passwords = new LinkedHashMap<>();
        long piId = person(PI, "Pat", "Investigator", passwords);
        dispatcher.invokeAs(Caller.INTERNAL, "AddPersonToSite", List.of(piId, siteId));
        dispatcher.invokeAs(Caller.INTERNAL, "AddRoleToPerson", List.of("pi", piId));
        long techId = person(TECH, "Terry", "Technician", passwords);
        dispatcher.invokeAs(Caller.INTERNAL, "AddPersonToSite", List.of(techId, siteId));
        dispatcher.invokeAs(Caller.INTERNAL, "AddRoleToPerson", List.of("tech", techId));

        Caller pi = Caller.person(piId, Set.of(Role.PI), List.of(siteId), "internal", java.util.Optional.empty());
        long userId = (Long) dispatcher.invokeAs(Caller.ANONYMOUS, "RegisterPerson", List.of(
                personFields(USER, "Uma", "User", password(USER, passwords)), SITE));
        dispatcher.invokeAs(pi, "ApprovePerson", List.of(userId));

        Caller tech = Caller.person(techId, Set.of(Role.TECH), List.of(siteId), "internal", java.util.Optional.empty());
        List<String> hostnames = new java.util.ArrayList<>();
        for (int index = 1; index <= nodeCount; index++) {
            String hostname = "node" + index + ".demo.example.org";
            long nodeId = (Long) dispatcher.invokeAs(tech, "AddNode", List.of(siteId, Map.of("hostname", hostname)));
            dispatcher.invokeAs(tech, "AddInterface", List.of(nodeId, Map.of("method", "static", "type", "ipv4",
                    "ip", "10.77.0." + (10 + index), "netmask", "255.255.255.0", "mac",
                    "02:00:0a:4d:00:%02x".formatted(10 + index))));
            dispatcher.invokeAs(tech, "UpdateNode", List.of(nodeId, Map.of("boot_state", "boot")));
            hostnames.add(hostname);
        }

        Map<String, Object> slice = new LinkedHashMap<>();
        slice.put("name", SLICE);
        slice.put("description", "A demonstration slice");
        slice.put("url", "https://demo.example.org/hello");
        dispatcher.invokeAs(pi, "AddSlice", List.of(slice));
        dispatcher.invokeAs(pi, "AddPersonToSlice", List.of(userId, SLICE));
        dispatcher.invokeAs(pi, "AddSliceToNodes", List.of(SLICE, List.copyOf(hostnames)));
        return new Credentials(passwords, hostnames, SLICE);
    }

    private long person(String email, String first, String last, Map<String, String> passwords) {
        Map<String, Object> fields = personFields(email, first, last, password(email, passwords));
        fields.put("enabled", true);
        return (Long) dispatcher.invokeAs(Caller.INTERNAL, "AddPerson", List.of(fields));
    }

    private static Map<String, Object> personFields(String email, String first, String last, String password) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("first_name", first);
        fields.put("last_name", last);
        fields.put("password", password);
        return fields;
    }

    private String password(String email, Map<String, String> passwords) {
        String password = Passwords.generate(random);
        passwords.put(email, password);
        return password;
    }
}
