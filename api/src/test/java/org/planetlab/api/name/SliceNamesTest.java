package org.planetlab.api.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

class SliceNamesTest {
    @Test
    void plcAndNodeAgreeOnBothFormsOfAName() {
        String hierarchical = SliceNames.hierarchicalName("plc", "princeton_codeen");
        assertThat(hierarchical).isEqualTo("plc.princeton.codeen");
        assertThat(SliceNames.plcapiName("plc", hierarchical)).isEqualTo("princeton_codeen");
        assertThat(SliceNames.sliverName("plc", hierarchical)).contains("princeton_codeen");
        assertThat(SliceNames.loginBase("princeton_codeen")).isEqualTo("princeton");
        assertThat(SliceNames.checkSliverName(SliceNames.plcapiName("plc", hierarchical))).isEqualTo("princeton_codeen");
    }

    @Test
    void aNodeAcceptsSlicesOfAuthoritiesUnderItsOwnButPlcOnlyItsOwn() {
        assertThat(SliceNames.sliverName("plc", "plc.japan.utokyo.ubiq")).contains("japan.utokyo_ubiq");
        assertThat(SliceNames.sliverName("plc", "evil.princeton.codeen")).isEmpty();
        assertThat(SliceNames.sliverName("plc", "plcx.a.b")).isEmpty();
        assertThat(SliceNames.sliverName("plc", "plc.nodot")).isEmpty();
        assertThatThrownBy(() -> SliceNames.plcapiName("plc", "plc.japan.utokyo.ubiq"))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("plc.japan");
        assertThatThrownBy(() -> SliceNames.plcapiName("plc", "plc.nodot"))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void namesThatCannotBeHostOrFileNamesAreRefused() {
        for (String bad : new String[] {"", "-a", "A_b", "a/b", "a..b", "a".repeat(64), "a b"}) {
            assertThatThrownBy(() -> SliceNames.checkSliverName(bad)).isInstanceOf(PlanetLabException.class);
        }
        assertThatThrownBy(() -> SliceNames.checkPlcapiName("princeton")).hasMessageContaining("<login_base>_<name>");
        assertThat(SliceNames.checkSliverName("site_admin")).isEqualTo(SliceNames.OWNER_VM);
    }
}
