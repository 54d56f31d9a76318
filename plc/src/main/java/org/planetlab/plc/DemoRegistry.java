package org.planetlab.plc;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.InterfaceFields;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.NodeUpdate;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.SliceRef;

/**
 * Seeds a demonstration registry through PLC's services, each step as the person who would take
 * it: a site with a PI, a tech and an approved user, three nodes, and a slice on them. Passwords
 * are random and returned to be shown once.
 */
public final class DemoRegistry {
    /** The demo accounts, for the person running the demo. */
    public record Credentials(Map<String, String> passwordsByEmail, List<String> nodes, String slice) {}

    public static final String SITE = "demo";
    public static final String PI = "pi@demo.example.org";
    public static final String TECH = "tech@demo.example.org";
    public static final String USER = "user@demo.example.org";
    public static final String SLICE = "demo_hello";

    private final Plc plc;
    private final SecureRandom random;

    public DemoRegistry(Plc plc, SecureRandom random) {
        this.plc = requireNonNull(plc, "plc is null");
        this.random = requireNonNull(random, "random is null");
    }

    public Credentials seed(int nodeCount) {
        long siteId = plc.sites().addSite(Caller.INTERNAL, NewSite.named(SITE, "Demo University", "Demo")
                .withUrl("https://demo.example.org/").at(40.35, -74.66));
        SiteRef site = SiteRef.of(siteId);

        Map<String, String> passwords = new LinkedHashMap<>();
        long piId = staff(PI, "Pat", "Investigator", Role.PI, site, passwords);
        long techId = staff(TECH, "Terry", "Technician", Role.TECH, site, passwords);

        Caller pi = Caller.person(piId, Set.of(Role.PI), List.of(siteId), "internal", Optional.empty());
        plc.siteAgreements().record(Caller.INTERNAL, siteId, piId, "demo");
        long userId = plc.persons().registerPerson(Caller.ANONYMOUS, newPerson(USER, "Uma", "User", passwords,
                Optional.empty()), SiteRef.of(SITE));
        plc.persons().approvePerson(pi, PersonRef.of(userId));

        Caller tech = Caller.person(techId, Set.of(Role.TECH), List.of(siteId), "internal", Optional.empty());
        List<String> hostnames = new ArrayList<>();
        for (int index = 1; index <= nodeCount; index++) {
            String hostname = "node" + index + ".demo.example.org";
            NodeRef node = NodeRef.of(plc.nodes().addNode(tech, site, NewNode.named(hostname)));
            plc.interfaces().addInterface(tech, node, InterfaceFields.staticIpv4("10.77.0." + (10 + index),
                    "255.255.255.0", "02:00:0a:4d:00:%02x".formatted(10 + index)));
            plc.nodes().updateNode(tech, node, NodeUpdate.bootState("boot"));
            hostnames.add(hostname);
        }

        plc.slices().addSlice(pi, NewSlice.described(SLICE, "A demonstration slice", "https://demo.example.org/hello"));
        plc.sliceMembership().addPerson(pi, PersonRef.of(userId), SliceRef.of(SLICE));
        plc.sliceMembership().addNodes(pi, SliceRef.of(SLICE), hostnames.stream().map(NodeRef::of).toList());
        return new Credentials(passwords, hostnames, SLICE);
    }

    /** An enabled account of the site with the given role. */
    private long staff(String email, String first, String last, Role role, SiteRef site,
            Map<String, String> passwords) {
        long personId = plc.persons().addPerson(Caller.INTERNAL, newPerson(email, first, last, passwords,
                Optional.of(true)));
        plc.personMemberships().addToSite(Caller.INTERNAL, PersonRef.of(personId), site);
        plc.personMemberships().addRole(Caller.INTERNAL, role, PersonRef.of(personId));
        return personId;
    }

    private NewPerson newPerson(String email, String first, String last, Map<String, String> passwords,
            Optional<Boolean> enabled) {
        String password = Passwords.generate(random);
        passwords.put(email, password);
        return new NewPerson(Profile.of(email, first, last), Optional.of(password), enabled);
    }
}
