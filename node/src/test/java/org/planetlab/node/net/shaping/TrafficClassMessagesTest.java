package org.planetlab.node.net.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TrafficClassMessagesTest {
    @Test
    void readsTheSchedulerClockAsTcDoes() {
        assertThat(TrafficClassMessages.ticksPerMicrosecond("000003e8 00000040 000f4240 3b9aca00\n")).isEqualTo(15.625);
        assertThat(TrafficClassMessages.ticksPerMicrosecond("000003e8 00000040 3b9aca00 3b9aca00")).isEqualTo(1000.0);
    }

    @Test
    void burstIsTheTimeItsBytesTakeAtTheRate() {
        // 1,600 bytes at 30 Mbit/s take 426.7 us: 6,666 ticks of 64 ns.
        assertThat(TrafficClassMessages.ticks(1600, 3_750_000, 15.625)).isEqualTo(6666);
        // 10 ms worth at 30 Mbit/s, 37,500 bytes: 156,250 ticks; slow classes keep one packet.
        assertThat(ClassRates.of(30_000, 30_000).burstBytes()).isEqualTo(37_500);
        assertThat(TrafficClassMessages.ticks(ClassRates.of(30_000, 30_000).burstBytes(), 3_750_000, 15.625)).isEqualTo(156_250);
        assertThat(ClassRates.of(500, 500).burstBytes()).isEqualTo(1600);
    }

    @Test
    void classRequestCarriesRatesInBytesPerSecondForEthernet() {
        byte[] request = TrafficClassMessages.htbClass(3, 0x17, ClassRates.of(30_000, 40_000), 15.625, 9);

        ByteBuffer buffer = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
        assertThat(buffer.getInt(0)).isEqualTo(request.length);
        assertThat(Short.toUnsignedInt(buffer.getShort(4))).as("RTM_NEWTCLASS").isEqualTo(40);
        assertThat(buffer.getInt(8)).isEqualTo(9);
        assertThat(buffer.getInt(20)).as("device index").isEqualTo(3);
        assertThat(buffer.getInt(24)).as("class 1:17").isEqualTo(0x10017);
        assertThat(buffer.getInt(28)).as("parent 1:1").isEqualTo(0x10001);
        String hex = HexFormat.of().formatHex(request);
        assertThat(hex).contains(HexFormat.of().formatHex("htb\0".getBytes()));
        // rate spec: cell_log 0, Ethernet, overhead 0, cell_align -1, mpu 0, 3,750,000 bytes/s
        assertThat(hex).contains("00010000ffff0000" + "70383900");
        assertThat(hex).contains("00010000ffff0000" + "404b4c00");
    }
}
