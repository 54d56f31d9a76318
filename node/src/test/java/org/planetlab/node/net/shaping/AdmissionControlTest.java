package org.planetlab.node.net.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

class AdmissionControlTest {
    private final AdmissionControl admission = new AdmissionControl(50_000, 1_004, Map.of("a", 20_000L, "b", 9_000L));

    @Test
    void admitsWhatFitsUnderTheRoot() {
        assertThatCode(() -> admission.admit("c", 19_996)).doesNotThrowAnyException();
        assertThatCode(() -> admission.admit("a", 39_996)).as("a's own guarantee is replaced").doesNotThrowAnyException();
        assertThatCode(() -> admission.admitNodeRate(30_004)).doesNotThrowAnyException();
    }

    @Test
    void refusesAnOverCommitNamingTheNumbers() {
        assertThatThrownBy(() -> admission.admit("c", 19_997))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.QUOTA_EXCEEDED))
                .hasMessageContaining("19997 kbit/s")
                .hasMessageContaining("only 19996 kbit/s of the node's 50000 kbit/s is left")
                .hasMessageContaining("29000 kbit/s guaranteed to 2 other slivers");
        assertThatThrownBy(() -> admission.admitNodeRate(30_003))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.QUOTA_EXCEEDED))
                .hasMessageContaining("30003 kbit/s");
    }
}
