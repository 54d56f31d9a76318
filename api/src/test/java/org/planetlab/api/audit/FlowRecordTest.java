package org.planetlab.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A record's checks accept exactly the addresses and names they always did, and say what was wrong. */
class FlowRecordTest {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern SLICE_NAME = Pattern.compile("[a-z0-9][a-z0-9_]{0,63}");

    @Test
    void dottedQuadsAreTheOnesTheRegularExpressionAccepts() {
        List<String> samples = new java.util.ArrayList<>(List.of("0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4",
                "1.2.3", "1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.4 ", "1.2.3.0004", "192.0.2.7", "1.2.3.25a", ""));
        SplittableRandom random = new SplittableRandom(5);
        String alphabet = "0123456789.0123456789.a";
        for (int round = 0; round < 50_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(16); length > 0; length--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            samples.add(text.toString());
        }
        for (String sample : samples) {
            assertThat(FlowRecord.isAddressLiteral(sample)).as(sample).isEqualTo(IPV4.matcher(sample).matches()
                    || sample.indexOf(':') >= 0 && sample.matches("[0-9a-f:.]{2,45}"));
        }
    }

    @Test
    void sliceNamesAreLoginNamesAndARefusalSaysWhichFieldWasWrong() {
        for (String name : List.of("a", "princeton_codeen", "_x", "A_b", "x y", "9lives", "a".repeat(64),
                "a".repeat(65), "")) {
            boolean accepted;
            try {
                record(name, "192.0.2.7");
                accepted = true;
            } catch (RuntimeException e) {
                assertThat(e).hasMessageContaining("slice name is not a login name");
                accepted = false;
            }
            assertThat(accepted).as(name).isEqualTo(SLICE_NAME.matcher(name).matches());
        }
        assertThatThrownBy(() -> record("demo", "192.0.2.256")).hasMessageContaining(
                "remote_address is not an IP address literal: \"192.0.2.256\"");
    }

    private static FlowRecord record(String sliceName, String remote) {
        return new FlowRecord(1, 2, sliceName, FlowRecord.Direction.OUTBOUND, 6, 1_000, 2_000, "10.0.0.2", 1, "198.51.100.1",
                2, remote, 3, 1, 40, 1, 40, 2, false);
    }
}
