package org.planetlab.api.nodemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.wire.JsonCodec;

/** The catalog's operations have distinct names, and what a client writes the server reads back equal. */
class NodeManagerOperationsTest {
    private static final JsonCodec JSON = new JsonCodec();
    private static final Rspec PART = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "2"), List.of(), "", "");
    private static final Rspec EXTRAS = new Rspec(Map.of(), List.of("ssh-ed25519 KEY"), "", "");

    @Test
    void everyOperationIsFoundByItsWireNameAndRightsAreDeclared() {
        assertThat(NodeManagerOperations.ALL).extracting(NodeManagerOperation::name).doesNotHaveDuplicates()
                .contains("CreatePool", "SplitPool", "Bind", "SplitAndBind", "ListVMs", "SetAccounts", "SignLease");
        for (NodeManagerOperation<?, ?> operation : NodeManagerOperations.ALL) {
            assertThat(NodeManagerOperations.named(operation.name())).contains(operation);
        }
        assertThat(NodeManagerOperations.named("Reboot")).isEmpty();
        assertThat(NodeManagerOperations.CREATE_POOL.rights()).isEqualTo(CallerRights.SITE);
        assertThat(NodeManagerOperations.SPLIT_AND_BIND.rights()).isEqualTo(CallerRights.RCAP_HOLDER);
    }

    @Test
    void requestsAndRepliesReadBackEqualThroughJson() {
        roundTrip(NodeManagerOperations.SPLIT_AND_BIND.request(),
                new NodeManagerRequests.SplitAndBind("ab".repeat(16), PART, "princeton_codeen", EXTRAS));
        roundTrip(NodeManagerOperations.UPDATE_VM.request(),
                new NodeManagerRequests.UpdateVm("princeton_codeen", Optional.of(List.of("k")), Optional.empty()));
        roundTrip(NodeManagerOperations.SIGN_LEASE.request(), new NodeManagerRequests.Lease("princeton_x", "0".repeat(32),
                "plc.princeton.x", "a@b.org", Instant.ofEpochSecond(1_700_000_000L), Instant.ofEpochSecond(1_800_000_000L)));
        roundTrip(NodeManagerOperations.SET_ACCOUNTS.request(), new NodeManagerRequests.Accounts(List.of("pi"), List.of("op")));
        roundTrip(NodeManagerOperations.BIND.reply(), new NodeManagerReplies.Vm("princeton_codeen", "linux-container-x86_64",
                "RUNNING", 3, "plc.scs", Instant.parse("2026-12-06T00:00:00Z"), PART.withKeys(List.of("k"))));
        roundTrip(NodeManagerOperations.GET_USAGE.reply(), new NodeManagerReplies.Usage(1, 2, 3, 4, 5, 6, 7, 8));
        roundTrip(NodeManagerOperations.GET_POLICY.reply(), new NodeManagerReplies.Policy(100, List.of("bad_s"), List.of("evil"), ""));
        roundTrip(NodeManagerOperations.WHO_AM_I.reply(), new NodeManagerReplies.Identity("plc.scs", false, false));
    }

    @Test
    void aRequestMissingAParameterIsRefusedNamingIt() {
        assertThatThrownBy(() -> NodeManagerOperations.SPLIT_AND_BIND.request().fromWire(Map.of("rcap", "x", "slice", "s")))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("parameter part is required");
        assertThatThrownBy(() -> NodeManagerOperations.GET_RCAP.request().fromWire(List.of()))
                .hasMessageContaining("\"params\" must be an object");
    }

    private static <T> void roundTrip(WireCodec<T> codec, T value) {
        assertThat(codec.fromWire(JSON.read(JSON.write(codec.toWire(value))))).isEqualTo(value);
    }
}
