package org.planetlab.api.sliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.JsonCodec;

/**
 * GetSlivers' wire form is PLCAPI's: these field names are what PLCAPI nodes and tools read, so
 * a field renamed in the mapping fails here, whatever the Java names say.
 */
class GetSliversWireTest {
    static final NodeView VIEW = new NodeView(7, "n1.example.org",
            List.of(Map.of("interface_id", 3L, "ip", "10.0.0.1")), List.of("gold"),
            List.of(Map.of("conf_file_id", 1L, "dest", "/etc/motd")),
            List.of(Map.of("initscript_id", 2L, "name", "setup", "enabled", true, "script", "echo hi")),
            List.of(new NodeAccount(NodeAccount.SITE_ADMIN, List.of(new SliverKey("ssh", "ssh-ed25519 AAAA pi"))),
                    new NodeAccount(NodeAccount.ROOT, List.of())),
            List.of(new Sliver("site_s", "plc.site.s", 42, "plc-instantiated", Sliver.STARTED, 1_800_000_000L,
                    List.of(new SliverKey("ssh", "ssh-ed25519 AAAA user")), List.of(new SliverAttribute("cpu_share", "2")),
                    Map.of("cpu_share", "2"))), SliceStops.NONE, Reservations.UNRESERVED, List.of("plc", "ple"));

    @Test
    void fieldNamesAreExactlyPlcapis() {
        Map<String, Object> full = GetSliversWire.toWire(new GetSliversAnswer.Full("v1", 1_700_000_000L, VIEW));
        assertThat(full.keySet()).containsExactly("version", "timestamp", "node_id", "hostname", "interfaces", "groups",
                "conf_files", "initscripts", "accounts", "stops", "reservation_policy", "leases", "naming_authorities", "slivers");
        assertThat(full.get("naming_authorities")).isEqualTo(List.of("plc", "ple"));
        assertThat(full.get("stops")).isEqualTo(Map.of("all", false, "slices", List.of()));
        Map<?, ?> sliver = (Map<?, ?>) ((List<?>) full.get("slivers")).getFirst();
        assertThat(names(sliver)).containsExactly("name", "hrn", "slice_id", "instantiation", "state", "expires", "keys",
                "attributes", "rspec");
        assertThat(names(((List<?>) sliver.get("keys")).getFirst())).containsExactly("key_type", "key");
        assertThat(names(((List<?>) sliver.get("attributes")).getFirst())).containsExactly("tagname", "value");
        Map<?, ?> account = (Map<?, ?>) ((List<?>) full.get("accounts")).getFirst();
        assertThat(names(account)).containsExactly("name", "keys");
        assertThat(account.get("name")).isEqualTo("site_admin");
        assertThat(GetSliversWire.toWire(new GetSliversAnswer.Unchanged("v1")))
                .isEqualTo(Map.of("version", "v1", "unchanged", true));
    }

    @Test
    void whatIsWrittenReadsBackEqualThroughJson() {
        JsonCodec json = new JsonCodec();
        GetSliversAnswer full = new GetSliversAnswer.Full("v1", 1_700_000_000L, VIEW);
        assertThat(GetSliversWire.fromWire(json.read(json.write(GetSliversWire.toWire(full))))).isEqualTo(full);
        // An authority that keeps no init scripts leaves the list out.
        Map<String, Object> withoutInitScripts = new LinkedHashMap<>(GetSliversWire.toWire(full));
        withoutInitScripts.remove("initscripts");
        assertThat(((GetSliversAnswer.Full) GetSliversWire.fromWire(withoutInitScripts)).view().initScripts()).isEmpty();
        GetSliversAnswer unchanged = new GetSliversAnswer.Unchanged("v2");
        assertThat(GetSliversWire.fromWire(json.read(json.write(GetSliversWire.toWire(unchanged))))).isEqualTo(unchanged);
    }

    @Test
    void aMissingOrMistypedFieldIsNamed() {
        Map<String, Object> wire = new LinkedHashMap<>(GetSliversWire.toWire(new GetSliversAnswer.Full("v1", 1L, VIEW)));
        Map<String, Object> sliver = new LinkedHashMap<>((Map<String, Object>) ((List<?>) wire.get("slivers")).getFirst());
        sliver.remove("slice_id");
        wire.put("slivers", List.of(sliver));
        assertThatThrownBy(() -> GetSliversWire.fromWire(wire))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST))
                .hasMessageContaining("slivers[0].slice_id is missing");
        wire.put("slivers", "none");
        assertThatThrownBy(() -> GetSliversWire.fromWire(wire)).hasMessageContaining("slivers must be an array");
    }

    @Test
    void stoppedSlicesTravelWithTheViewAndAViewWithoutThemStopsNothing() {
        JsonCodec json = new JsonCodec();
        NodeView stopped = new NodeView(VIEW.nodeId(), VIEW.hostname(), VIEW.interfaces(), VIEW.groups(), VIEW.confFiles(),
                VIEW.initScripts(), VIEW.accounts(), VIEW.slivers(), new SliceStops(false, List.of("plc.b.y", "plc.a.x", "plc.b.y")));
        GetSliversAnswer full = new GetSliversAnswer.Full("v1", 1L, stopped);
        NodeView read = ((GetSliversAnswer.Full) GetSliversWire.fromWire(json.read(json.write(GetSliversWire.toWire(full))))).view();
        assertThat(read.stops().slices()).containsExactly("plc.a.x", "plc.b.y");
        assertThat(read.stops().stops("plc.a.x")).isTrue();
        assertThat(read.stops().stops("plc.a.xx")).isFalse();
        assertThat(new SliceStops(true, List.of()).stops("plc.any.slice")).as("a system-wide stop stops every slice").isTrue();

        Map<String, Object> older = new LinkedHashMap<>(GetSliversWire.toWire(full));
        older.remove("stops");
        assertThat(((GetSliversAnswer.Full) GetSliversWire.fromWire(older)).view().stops()).isEqualTo(SliceStops.NONE);
        older.put("stops", Map.of("all", "yes", "slices", List.of()));
        assertThatThrownBy(() -> GetSliversWire.fromWire(older)).hasMessageContaining("stops.all must be a boolean");
        older.put("stops", Map.of("all", false, "slices", List.of(7L)));
        assertThatThrownBy(() -> GetSliversWire.fromWire(older)).hasMessageContaining("stops.slices[0] must be a string");
    }

    @Test
    void anAuthorityThatNamesNoNamingAuthoritiesSendsNoneAndAMistypedOneIsNamed() {
        Map<String, Object> older = new LinkedHashMap<>(GetSliversWire.toWire(new GetSliversAnswer.Full("v1", 1L, VIEW)));
        older.remove("naming_authorities");
        assertThat(((GetSliversAnswer.Full) GetSliversWire.fromWire(older)).view().namingAuthorities()).isEmpty();
        older.put("naming_authorities", List.of("plc", 3L));
        assertThatThrownBy(() -> GetSliversWire.fromWire(older)).hasMessageContaining("naming_authorities[1] must be a string");
    }

    private static List<String> names(Object struct) {
        return ((Map<?, ?>) struct).keySet().stream().map(String::valueOf).toList();
    }
}
