package org.planetlab.api.rspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

class RspecTest {
    private final Rspec pool = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "10", RspecAttribute.MEM_LIMIT, "1024",
            RspecAttribute.BURST_RATE, "50000"), List.of(), "plc", "");

    @Test
    void splitTakesQuantitiesOutAndPassesCeilingsWhole() {
        Rspec remaining = pool.split(new Rspec(Map.of(RspecAttribute.CPU_SHARE, "3", RspecAttribute.BURST_RATE, "20000"), List.of(), "", ""));
        assertThat(remaining.value(RspecAttribute.CPU_SHARE)).contains("7");
        assertThat(remaining.value(RspecAttribute.MEM_LIMIT)).contains("1024");
        assertThat(remaining.value(RspecAttribute.BURST_RATE)).contains("50000");
        assertThat(remaining.authority()).isEqualTo("plc");
    }

    @Test
    void everyAttributesDefaultIsAValueItAccepts() {
        // A view carries defaults; a default its own attribute refuses makes nodes drop the whole sliver.
        for (RspecAttribute attribute : RspecAttribute.values()) {
            assertThat(attribute.canonical(attribute.defaultValue())).as(attribute.attributeName())
                    .isEqualTo(attribute.defaultValue());
        }
    }

    @Test
    void splitRefusesMoreThanThePoolHolds() {
        assertThatThrownBy(() -> pool.split(new Rspec(Map.of(RspecAttribute.MEM_LIMIT, "2048"), List.of(), "", "")))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED))
                .hasMessageContaining("mem_limit");
        assertThatThrownBy(() -> pool.split(new Rspec(Map.of(RspecAttribute.DISK_QUOTA, "1"), List.of(), "", "")))
                .hasMessageContaining("holds 0");
    }

    @Test
    void plusSumsQuantitiesKeepsLargerCeilingsAndMergesKeys() {
        Rspec vm = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "1", RspecAttribute.BURST_RATE, "90000"), List.of("ssh-ed25519 A"), "", "");
        Rspec grown = vm.plus(pool.withKeys(List.of("ssh-ed25519 A", "ssh-ed25519 B")));
        assertThat(grown.value(RspecAttribute.CPU_SHARE)).contains("11");
        assertThat(grown.value(RspecAttribute.BURST_RATE)).contains("90000");
        assertThat(grown.keys()).containsExactly("ssh-ed25519 A", "ssh-ed25519 B");
    }

    @Test
    void wireFormRoundTripsAndRefusesUnknownAttributesAndBadValues() {
        Rspec withEverything = pool.withKeys(List.of("ssh-rsa AAA")).withAttribute(RspecAttribute.BOOTSCRIPT, "echo hi");
        assertThat(RspecWire.fromWire(RspecWire.toWire(withEverything))).isEqualTo(withEverything);
        assertThatThrownBy(() -> RspecWire.fromWire(Map.of("cpu_shares", "1"))).hasMessageContaining("unknown RSpec attribute 'cpu_shares'");
        assertThatThrownBy(() -> RspecWire.fromWire(Map.of("mem_limit", "-5"))).hasMessageContaining("mem_limit");
        assertThatThrownBy(() -> RspecWire.fromWire(Map.of("keys", List.of("a\nb")))).hasMessageContaining("one non-empty line");
        assertThatThrownBy(() -> RspecWire.fromWire(Map.of("authority_cert", "not a pem"))).hasMessageContaining("PEM");
        assertThatThrownBy(() -> RspecWire.fromWire("flat")).hasMessageContaining("must be an object");
    }
}
