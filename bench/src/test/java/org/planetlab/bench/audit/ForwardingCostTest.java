package org.planetlab.bench.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingCostTest {
    @Test
    void softInterruptsApartAndKernelTimeIsSystemIrqAndSoftirq() {
        // user nice system idle iowait irq softirq steal ...
        ForwardingCost.Sample sample = ForwardingCost.sample("cpu  36868 0 12197 82214 348 5 226 0 0 0", 7);
        assertEquals(226, sample.softirqTicks());
        assertEquals(12_197 + 5 + 226, sample.kernelTicks());
        assertEquals(7, sample.packets());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ForwardingCost.sample("cpu0 1 2 3 4 5 6 7", 0));
        assertTrue(error.getMessage().contains("cpu0"), error.getMessage());
    }

    @Test
    void packetsAreThoseReceivedOnEveryLinkButLoopback() {
        String dev = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
                plvabc: 6400000  100000    0    0    0     0          0         0      640      10    0    0    0     0       0          0
                   up0:     640      12    0    0    0     0          0         0  6400000  100000    0    0    0     0       0          0
                """;
        assertEquals(100_012, ForwardingCost.receivedPackets(dev));
    }

    @Test
    void costIsKernelMicrosecondsPerPacketForwarded() {
        ForwardingCost.Sample before = new ForwardingCost.Sample(100, 1_000, 5_000);
        // 20 and 50 ticks of 10 ms over a million packets: 0.2 and 0.5 µs each.
        ForwardingCost.Sample after = new ForwardingCost.Sample(120, 1_050, 1_005_000);
        assertEquals(0.2, after.softirqMicrosPerPacketSince(before), 1e-9);
        assertEquals(0.5, after.kernelMicrosPerPacketSince(before), 1e-9);
        assertTrue(Double.isNaN(new ForwardingCost.Sample(120, 1_050, 5_000).kernelMicrosPerPacketSince(before)));
    }

    @Test
    void spreadIsMedianWithTheExtremes() {
        assertEquals("2.0 (1.0-9.0)", CaptureOverheadBenchmark.spread("%.1f", List.of(9.0, 1.0, 2.0)));
        assertEquals(2.5, CaptureOverheadBenchmark.median(List.of(4.0, 1.0, 2.0, 3.0)), 1e-9);
    }
}
