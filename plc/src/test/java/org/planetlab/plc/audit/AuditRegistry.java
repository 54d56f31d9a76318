package org.planetlab.plc.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.TestingPlc;

/**
 * A registry for auditing tests: site "audit" with a PI, a tech and a user, a node and the slice
 * audit_demo (the user's); site "elsewhere" with its own PI, node and slice elsewhere_x.
 */
final class AuditRegistry {
    final TestingPlc testing;
    final PlcClient operator;
    final long siteId;
    final long otherSiteId;
    final long nodeId;
    final long otherNodeId;
    final long sliceId;
    final long otherSliceId;
    final Credentials pi;
    final Credentials tech;
    final Credentials user;
    final Credentials otherPi;
    final long piId;
    private final Map<Long, Credentials> nodeSessions = new java.util.HashMap<>();

    AuditRegistry(TestingPlc testing) {
        this.testing = testing;
        this.operator = testing.operator(PlcClient.Encoding.XML_RPC);
        Registry registry = new Registry(operator);
        siteId = registry.site("audit");
        otherSiteId = registry.site("elsewhere");
        pi = person("paula@audit.test", "Paula", "Pi", "pi", siteId);
        tech = person("ted@audit.test", "Ted", "Tech", "tech", siteId);
        user = person("uma@audit.test", "Uma", "User", "user", siteId);
        otherPi = person("otto@elsewhere.test", "Otto", "Other", "pi", otherSiteId);
        piId = registry.personId("paula@audit.test");
        nodeId = registry.node(siteId, "node1.audit.test", "10.9.0.1");
        otherNodeId = registry.node(otherSiteId, "node1.elsewhere.test", "10.9.0.2");
        sliceId = slice("audit_demo", "Measures the demo", "https://demo.audit.test/");
        operator.call("AddPersonToSlice", "uma@audit.test", "audit_demo");
        otherSliceId = slice("elsewhere_x", "Another experiment", "https://x.elsewhere.test/");
    }

    private Credentials person(String email, String first, String last, String role, long site) {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("email", email);
        person.put("first_name", first);
        person.put("last_name", last);
        person.put("password", "password-of-" + email);
        person.put("enabled", true);
        long personId = (Long) operator.call("AddPerson", person);
        operator.call("AddPersonToSite", personId, site);
        operator.call("AddRoleToPerson", role, personId);
        return new Credentials.Password(email, "password-of-" + email);
    }

    private long slice(String name, String description, String url) {
        Map<String, Object> slice = new LinkedHashMap<>();
        slice.put("name", name);
        slice.put("description", description);
        slice.put("url", url);
        return (Long) operator.call("AddSlice", slice);
    }

    PlcClient as(Credentials credentials, PlcClient.Encoding encoding) {
        return testing.client(credentials, encoding);
    }

    /** A client for a node; the node's session is opened once, as opening another ends the first. */
    PlcClient node(long node, PlcClient.Encoding encoding) {
        return testing.client(nodeSessions.computeIfAbsent(node, testing::nodeSession), encoding);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Object result) {
        return (List<Map<String, Object>>) result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> struct(Object result) {
        return (Map<String, Object>) result;
    }
}
