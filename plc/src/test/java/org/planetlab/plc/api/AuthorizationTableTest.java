package org.planetlab.plc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.catalog.AuthorizationTable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Role;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Calls every method as every role, over XML-RPC, and checks the answer against the
 * documented table: a role the table refuses gets PERMISSION_DENIED from the role check
 * whatever the arguments; a role it allows never does (it gets a result, or an argument error
 * since the call carries no arguments).
 */
class AuthorizationTableTest {
    private static TestingPlc testing;
    private static final Map<Role, Credentials> PRINCIPALS = new EnumMap<>(Role.class);
    private static long nodeId;

    @BeforeAll
    static void principals() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
        Registry registry = new Registry(operator);
        long siteId = registry.site("authz");
        PRINCIPALS.put(Role.ADMIN, operator.credentials());
        PRINCIPALS.put(Role.PI, registry.person("pi@authz.org", "pi", siteId));
        PRINCIPALS.put(Role.USER, registry.person("user@authz.org", "user", siteId));
        PRINCIPALS.put(Role.TECH, registry.person("tech@authz.org", "tech", siteId));
        PRINCIPALS.put(Role.ANONYMOUS, new Credentials.Anonymous());
        nodeId = registry.node(siteId, "node1.authz.org", "10.1.1.1");
    }

    @AfterAll
    static void stop() {
        testing.close();
    }

    @Test
    void documentMatchesCatalog() throws IOException {
        Path document = Path.of("..", "docs", "authorization.md");
        assertThat(Files.readString(document, StandardCharsets.UTF_8))
                .as("docs/authorization.md is out of date; regenerate it with"
                        + " java -cp api/target/classes org.planetlab.api.catalog.AuthorizationTable docs/authorization.md")
                .isEqualTo(AuthorizationTable.markdown());
    }

    @Test
    void everyMethodAsEveryRole() {
        List<String> mismatches = new ArrayList<>();
        int allowed = 0;
        int denied = 0;
        for (MethodSpec spec : MethodCatalog.all()) {
            if (!spec.takesAuth()) {
                continue;
            }
            for (Role role : List.of(Role.ADMIN, Role.PI, Role.USER, Role.TECH, Role.NODE, Role.ANONYMOUS)) {
                PlcClient client = testing.client(credentials(role), PlcClient.Encoding.XML_RPC);
                PlanetLabException failure = null;
                try {
                    client.call(spec.name());
                } catch (PlanetLabException e) {
                    failure = e;
                }
                boolean refusedByTable = failure != null && failure.code() == ErrorCode.PERMISSION_DENIED
                        && failure.getMessage().contains(spec.name() + " may be called by");
                if (spec.allows(role)) {
                    allowed++;
                    if (refusedByTable || (failure != null && failure.code() == ErrorCode.PERMISSION_DENIED)) {
                        mismatches.add(spec.name() + " as " + role.wireName() + ": refused but allowed: "
                                + failure.getMessage());
                    }
                } else {
                    denied++;
                    if (!refusedByTable) {
                        mismatches.add(spec.name() + " as " + role.wireName() + ": not refused by the table: "
                                + (failure == null ? "it succeeded" : failure.code() + " " + failure.getMessage()));
                    }
                }
            }
        }
        System.out.printf("authorization table: %d method x role pairs, %d allowed, %d denied, %d mismatches%n",
                allowed + denied, allowed, denied, mismatches.size());
        assertThat(mismatches).isEmpty();
        assertThat(allowed + denied).isGreaterThan(500);
    }

    private static Credentials credentials(Role role) {
        // A fresh node session for each call: DeleteSession, allowed to nodes, ends the one it is called with.
        return role == Role.NODE ? testing.nodeSession(nodeId) : PRINCIPALS.get(role);
    }
}
