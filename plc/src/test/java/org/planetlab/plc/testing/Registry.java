package org.planetlab.plc.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;

/** Short-hands that build registry objects over the wire, for tests. */
public final class Registry {
    private final PlcClient operator;

    public Registry(PlcClient operator) {
        this.operator = operator;
    }

    public long site(String loginBase) {
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("login_base", loginBase);
        site.put("name", "Site " + loginBase);
        site.put("abbreviated_name", loginBase);
        return (Long) operator.call("AddSite", site);
    }

    /**
     * An enabled account with the given role at the given site; returns its credentials. A PI
     * signs the site's hosting agreement, so that it may create slices.
     */
    public Credentials.Password person(String email, String role, long siteId) {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("email", email);
        person.put("first_name", "First");
        person.put("last_name", "Last");
        person.put("password", "password-of-" + email);
        person.put("enabled", true);
        long personId = (Long) operator.call("AddPerson", person);
        operator.call("AddPersonToSite", personId, siteId);
        operator.call("AddRoleToPerson", role, personId);
        if (role.equals("pi")) {
            // A site's PI creates slices only once the site's hosting agreement is recorded.
            operator.call("RecordSiteAgreement", siteId, Map.of("signed_by", personId, "version", "test"));
        }
        return new Credentials.Password(email, "password-of-" + email);
    }

    public long node(long siteId, String hostname, String ip) {
        long nodeId = (Long) operator.call("AddNode", siteId, Map.of("hostname", hostname));
        operator.call("AddInterface", nodeId, Map.of("method", "static", "type", "ipv4", "ip", ip));
        return nodeId;
    }

    public long personId(String email) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> persons = (List<Map<String, Object>>) operator.call("GetPersons", List.of(email),
                List.of("person_id"));
        return (Long) persons.getFirst().get("person_id");
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rows(Object result) {
        return (List<Map<String, Object>>) result;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> struct(Object result) {
        return (Map<String, Object>) result;
    }

    public static Optional<Map<String, Object>> only(Object result) {
        List<Map<String, Object>> rows = rows(result);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }
}
