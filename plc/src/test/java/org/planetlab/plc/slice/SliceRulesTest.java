package org.planetlab.plc.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/** The slice authority's rules: quotas, naming, renewal, stopping, attribute privileges. */
class SliceRulesTest {
    private static final long WEEK = 7 * 24 * 3600;

    private final TestingClock clock = new TestingClock(Instant.parse("2026-11-21T12:00:00Z"));
    private TestingPlc testing;
    private PlcClient operator;
    private PlcClient pi;
    private PlcClient user;
    private PlcClient otherPi;
    private long siteId;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE, clock);
        operator = testing.operator(PlcClient.Encoding.JSON);
        Registry registry = new Registry(operator);
        siteId = registry.site("rules");
        operator.call("UpdateSite", siteId, Map.of("max_slices", 2L));
        pi = operator.as(registry.person("pi@rules.org", "pi", siteId));
        user = operator.as(registry.person("user@rules.org", "user", siteId));
        otherPi = operator.as(registry.person("pi@other.org", "pi", registry.site("other")));
        pi.call("AddSlice", slice("rules_one"));
        pi.call("AddPersonToSlice", "user@rules.org", "rules_one");
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void namesQuotasAndSites() {
        assertRefused(() -> pi.call("AddSlice", slice("nosuchsite_x")), ErrorCode.INVALID_ARGUMENT,
                "no site has login_base \"nosuchsite\"");
        assertRefused(() -> otherPi.call("AddSlice", slice("rules_theirs")), ErrorCode.PERMISSION_DENIED,
                "may create slices only for its own sites");
        assertRefused(() -> pi.call("AddSlice", slice("rules_one")), ErrorCode.ALREADY_EXISTS, "already exists");
        pi.call("CreateSlice", "plc.rules.two");
        assertRefused(() -> pi.call("AddSlice", slice("rules_three")), ErrorCode.QUOTA_EXCEEDED,
                "site rules has 2 live slices, its maximum");
        assertRefused(() -> pi.call("StartSlice", "plc.japan.rules.two"), ErrorCode.NOT_FOUND,
                "belongs to the slice authority \"plc.japan\"");
        Map<String, Object> two = rows(pi.call("GetSlices", List.of("rules_two"), List.of("instantiation", "state",
                "hrn"))).getFirst();
        assertThat(two).isEqualTo(Map.of("instantiation", "not-instantiated", "state", "stopped",
                "hrn", "plc.rules.two"));
        assertThat(rows(pi.call("GetSlices", List.of("plc.rules.two", "plc.japan.rules.one"), List.of("name"))))
                .containsExactly(Map.of("name", "rules_two"));
        pi.call("StartSlice", "plc.rules.two");
        assertThat(rows(pi.call("GetSlices", List.of("rules_two"), List.of("instantiation", "state"))).getFirst())
                .isEqualTo(Map.of("instantiation", "plc-instantiated", "state", "started"));
    }

    @Test
    void renewal() {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> slice = rows(user.call("GetSlices", List.of("rules_one"), List.of("created", "expires")))
                .getFirst();
        assertThat((Long) slice.get("expires") - (Long) slice.get("created")).isEqualTo(2 * WEEK);
        assertRefused(() -> user.call("UpdateSlice", "rules_one", Map.of("expires", now + 9 * WEEK)),
                ErrorCode.INVALID_ARGUMENT, "at most 8 weeks from now");
        user.call("UpdateSlice", "rules_one", Map.of("expires", now + 8 * WEEK));
        operator.call("UpdateSlice", "rules_one", Map.of("expires", now + 20 * WEEK));
        pi.call("CreateSlice", "rules_bare");
        assertRefused(() -> pi.call("UpdateSlice", "rules_bare", Map.of("expires", now + 3 * WEEK)),
                ErrorCode.INVALID_ARGUMENT, "give it a description and a URL");
        assertRefused(() -> user.call("UpdateSlice", "rules_one", Map.of("max_nodes", 5L)),
                ErrorCode.PERMISSION_DENIED, "only PIs and operators");
    }

    @Test
    void expiredSlicesLeaveTheRegistryButStayOnRecord() {
        clock.advance(Duration.ofDays(15));
        testing.plc().expireSlices();
        assertThat(rows(pi.call("GetSlices", List.of("rules_one")))).isEmpty();
        assertThat(rows(operator.call("GetSlices", Map.of("name", "rules_one", "is_deleted", true)))).hasSize(1);
        pi.call("AddSlice", slice("rules_one"));
        assertThat(rows(operator.call("GetEvents", Map.of("call_name", "ExpireSlices")))).hasSize(1);
    }

    @Test
    void operatorsStopSlicesForGood() {
        user.call("StopSlice", "rules_one");
        user.call("StartSlice", "rules_one");
        operator.call("StopSlice", "rules_one");
        assertRefused(() -> user.call("StartSlice", "rules_one"), ErrorCode.PERMISSION_DENIED,
                "stopped by PlanetLab operators");
        assertRefused(() -> pi.call("StartSlice", "rules_one"), ErrorCode.PERMISSION_DENIED,
                "stopped by PlanetLab operators");
        operator.call("StartSlice", "rules_one");
        user.call("StopSlice", "rules_one");
        assertThat(rows(user.call("GetSlices", List.of("rules_one"), List.of("state"))).getFirst())
                .containsEntry("state", "stopped");
    }

    @Test
    void attributesNeedTheirRole() {
        user.call("AddSliceTag", "rules_one", "bootscript", "echo hi");
        assertRefused(() -> user.call("AddSliceTag", "rules_one", "cpu_share", "8"), ErrorCode.PERMISSION_DENIED,
                "cpu_share may be set only by roles up to min_role_id 10");
        assertRefused(() -> otherPi.call("SetSliceAttr", "rules_one", Map.of("name", "bootscript", "value", "x")),
                ErrorCode.PERMISSION_DENIED, "neither a user of slice rules_one nor a PI of its site");
        long id = (Long) operator.call("AddSliceTag", "rules_one", "cpu_share", "08");
        assertThat(rows(operator.call("GetSliceTags", List.of(id), List.of("value"))).getFirst())
                .containsEntry("value", "8");
        assertRefused(() -> operator.call("AddSliceTag", "rules_one", "cpu_share", "9"), ErrorCode.ALREADY_EXISTS,
                "use UpdateSliceTag".substring(4));
        assertRefused(() -> operator.call("AddSliceTag", "rules_one", "mem_limit", "-1"), ErrorCode.INVALID_ARGUMENT,
                "mem_limit value \"-1\" is not valid: must be a whole number of MB");
    }

    @Test
    void nodeLimitsLeaveNothingHalfDone() {
        Registry registry = new Registry(operator);
        long first = registry.node(siteId, "n1.rules.org", "10.0.0.1");
        long second = registry.node(siteId, "n2.rules.org", "10.0.0.2");
        pi.call("UpdateSlice", "rules_one", Map.of("max_nodes", 1L));
        assertRefused(() -> user.call("AddSliceToNodes", "rules_one", List.of(first, second)),
                ErrorCode.QUOTA_EXCEEDED, "would be on 2 nodes; its max_nodes is 1");
        assertThat(rows(user.call("GetSlices", List.of("rules_one"), List.of("node_ids"))).getFirst())
                .containsEntry("node_ids", List.of());
    }

    private static Map<String, Object> slice(String name) {
        Map<String, Object> slice = new LinkedHashMap<>();
        slice.put("name", name);
        slice.put("description", "rules test");
        slice.put("url", "https://rules.org/" + name);
        return slice;
    }

    private static void assertRefused(Runnable call, ErrorCode code, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(reason);
        });
    }
}
