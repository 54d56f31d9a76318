package org.planetlab.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

class JsonCodecTest {
    private final JsonCodec json = new JsonCodec(new WireLimits(1000, 4, 50));

    @Test
    void readsTheNeutralModel() {
        assertThat(json.read(bytes("{\"a\": [1, 2.5, true, null, \"x\"]}")))
                .isEqualTo(Map.of("a", java.util.Arrays.asList(1L, 2.5, true, null, "x")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"a\": 1, \"a\": 2} | MALFORMED_REQUEST | Duplicate field",
            "{\"a\": 1} trailing | MALFORMED_REQUEST | invalid JSON",
            "[1, 2 | MALFORMED_REQUEST | invalid JSON",
            "123456789012345678901234567890 | MALFORMED_REQUEST | does not fit in 64 bits",
            "1e999 | MALFORMED_REQUEST | out of range",
            "{a: 1} | MALFORMED_REQUEST | invalid JSON",
            "[[[[[1]]]]] | REQUEST_TOO_LARGE | exceeds a limit",
    })
    void refusesMalformedDocuments(String document, ErrorCode code, String reason) {
        assertThatThrownBy(() -> json.read(bytes(document)))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void refusesTooMuch() {
        assertThatThrownBy(() -> json.read(new byte[1001])).isInstanceOfSatisfying(PlanetLabException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE));
        String many = "[" + "1,".repeat(60) + "1]";
        assertThatThrownBy(() -> json.read(bytes(many))).hasMessageContaining("more than 50 values");
        assertThatThrownBy(() -> json.read(bytes(""))).hasMessageContaining("empty");
        assertThat(json.read(bytes(" [] "))).isEqualTo(List.of());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
