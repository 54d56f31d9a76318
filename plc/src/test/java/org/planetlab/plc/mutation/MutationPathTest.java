package org.planetlab.plc.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.XmlRpcFaults;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.NodeRequestAuthenticator;
import org.planetlab.plc.auth.RequestContext;
import org.planetlab.plc.change.ChangeListener;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.change.ObjectRef;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Every change, whether an API call or PLC's own timer, takes the one path: the change and its
 * event-log entry commit together, then the listeners hear of it; a refusal is logged and changes
 * nothing.
 */
class MutationPathTest {
    private final TestingClock clock = new TestingClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final RecordingListener heard = new RecordingListener();
    private TestingPlc testing;
    private PlcClient operator;
    private long sliceId;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE, clock, heard);
        operator = testing.operator(PlcClient.Encoding.JSON);
        new Registry(operator).site("expiry");
        sliceId = (Long) operator.call("AddSlice", Map.of("name", "expiry_short", "description", "d",
                "url", "https://expiry.example.org/"));
        heard.changes.clear();
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void expiryIsLoggedAndHeardLikeAnyCall() {
        clock.advance(Duration.ofDays(15));
        testing.plc().expireSlices();

        assertThat(heard.changes).hasSize(1);
        assertThat(heard.changes.getFirst().objects()).contains(new ObjectRef(ObjectType.SLICE, sliceId));
        List<Map<String, Object>> events = rows(operator.call("GetEvents", Map.of("call_name", "ExpireSlices")));
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().get("object_ids")).isEqualTo(List.of(sliceId));
        assertThat((String) events.getFirst().get("message")).contains(Long.toString(sliceId));
    }

    @Test
    void expiryThatFindsNothingLeavesNoTrace() {
        testing.plc().expireSlices();

        assertThat(heard.changes).isEmpty();
        assertThat(rows(operator.call("GetEvents", Map.of("call_name", "ExpireSlices")))).isEmpty();
    }

    @Test
    void aRefusedChangeIsLoggedRolledBackAndNotHeard() {
        MutationPath path = testing.plc().mutations();
        assertThatThrownBy(() -> path.run(Caller.INTERNAL, "RenameEverything", List.of("x"), mutation -> {
            mutation.db().createUpdate("UPDATE slices SET description = 'changed'").execute();
            mutation.affected(ObjectType.SLICE, sliceId);
            throw PlanetLabException.invalidArgument("no such renaming");
        })).isInstanceOf(PlanetLabException.class).hasMessageContaining("no such renaming");

        assertThat(heard.changes).isEmpty();
        Map<String, Object> event = rows(operator.call("GetEvents", Map.of("call_name", "RenameEverything")))
                .getFirst();
        assertThat(event.get("fault_code")).isEqualTo((long) XmlRpcFaults.number(ErrorCode.INVALID_ARGUMENT));
        assertThat(rows(operator.call("GetSlices", List.of(sliceId), List.of("description"))).getFirst())
                .isEqualTo(Map.of("description", "d"));
    }

    @Test
    void aChangeCommitsWithItsEntryBeforeListenersHear() {
        MutationPath path = testing.plc().mutations();
        String description = path.run(Caller.INTERNAL, "Describe", List.of(), mutation -> {
            mutation.db().createUpdate("UPDATE slices SET description = 'described' WHERE slice_id = :id")
                    .bind("id", sliceId).execute();
            mutation.affected(ObjectType.SLICE, sliceId);
            mutation.message("slice described");
            return "described";
        });

        assertThat(description).isEqualTo("described");
        assertThat(heard.descriptionsSeen).containsExactly("described");
        assertThat(rows(operator.call("GetEvents", Map.of("call_name", "Describe"))).getFirst().get("message"))
                .isEqualTo("slice described");
    }

    /** A node authenticator that refuses every node and records the changes it is told of. */
    private final class RecordingListener implements NodeRequestAuthenticator, ChangeListener {
        final List<Changes> changes = new CopyOnWriteArrayList<>();
        final List<String> descriptionsSeen = new CopyOnWriteArrayList<>();

        @Override
        public SignedBy authenticate(Supplier<Handle> handle, RequestContext request) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "no nodes in this test");
        }

        @Override
        public void committed(Changes committed) {
            changes.add(committed);
            if (testing != null && committed.objects().contains(new ObjectRef(ObjectType.SLICE, sliceId))) {
                // What a listener reads must already be committed.
                descriptionsSeen.add((String) rows(operator.call("GetSlices", List.of(sliceId),
                        List.of("description"))).getFirst().get("description"));
            }
        }
    }
}
