package org.planetlab.node.net.shaping;

import org.planetlab.node.net.SliverNetworkSpec;

/**
 * The HTB parameters of one class.
 *
 * <p>HTB gives every class its rate, then lends what is left of the parent's rate to the classes
 * that want more, round-robin by quantum bytes. A quantum proportional to the rate makes that
 * sharing proportional to the rates, as the seed describes; the kernel's default (rate / 10) is
 * kept but clamped to [{@value #MIN_QUANTUM}, {@value #MAX_QUANTUM}] bytes.
 *
 * <p>The floor matters: HTB lets a class send one packet per turn even when the packet is larger
 * than its quantum, so with quanta smaller than the packets the round-robin counts packets, not
 * bytes. Slivers' TCP hands the node GSO packets of up to 64 KiB of payload (about 68 KB on the
 * wire with every segment's headers, which is what HTB counts); a 1-flow sliver and an 8-flow
 * sliver then got 34 and 16 Mbit/s of a 50 Mbit/s cap with a 1,600-byte quantum, 25.0 and 25.0
 * with this floor. Equal rates mean equal quanta, hence equal shares whatever the flows behind them.
 *
 * <p>Bursts: HTB lets a class run ahead of its rate by its burst (and of its ceiling by its
 * cburst) and no more, so time in which the class could not send (the qdisc's timer fired late,
 * the CPU was busy or, on a virtual machine, taken by the host) is lost beyond that. tc's default,
 * one 1,600-byte packet at the rate, is 0.26 ms at 50 Mbit/s: on this project's virtual machine,
 * with the host stealing a quarter of the CPU time, two equal slivers sharing a 50 Mbit/s cap got
 * 23.6 Mbit/s each. A burst worth {@value #BURST_MILLIS} ms at the rate (never under one packet)
 * keeps the cap's average while letting a class catch up on such stalls.
 *
 * @param rateKbps guaranteed rate, at least 1
 * @param ceilKbps most the class may use when others leave capacity, at least the rate
 * @param quantumBytes bytes a class may send per round when borrowing
 */
public record ClassRates(long rateKbps, long ceilKbps, long quantumBytes) {
    static final long MIN_QUANTUM = 70_000;
    static final long MAX_QUANTUM = 1_000_000;
    static final long BURST_MILLIS = 10;
    /** tc's default burst: one full-size packet with headroom. */
    static final long MIN_BURST = 1600;

    public ClassRates {
        if (rateKbps < 1 || ceilKbps < rateKbps) {
            throw new IllegalArgumentException("need 1 <= rate <= ceil, got rate " + rateKbps + " ceil " + ceilKbps);
        }
        if (quantumBytes < MIN_QUANTUM || quantumBytes > MAX_QUANTUM) {
            throw new IllegalArgumentException("quantum " + quantumBytes + " is outside its bounds");
        }
    }

    public static ClassRates of(long rateKbps, long ceilKbps) {
        long rate = Math.max(1, rateKbps);
        long quantum = Math.clamp(rate * 1000 / 8 / 10, MIN_QUANTUM, MAX_QUANTUM);
        return new ClassRates(rate, Math.max(rate, ceilKbps), quantum);
    }

    /**
     * A sliver's class: its base rate guaranteed, its burst rate as ceiling, or its sustained
     * rate once its daily budget is spent (never below its guarantee).
     */
    public static ClassRates forSliver(SliverNetworkSpec spec, boolean limitedToSustained) {
        return of(spec.baseRateKbps(), limitedToSustained ? spec.sustainedRateKbps() : spec.burstRateKbps());
    }

    /** Bytes the class may send ahead of its rate. */
    long burstBytes() {
        return burstFor(rateKbps);
    }

    /** Bytes the class may send ahead of its ceiling. */
    long ceilBurstBytes() {
        return burstFor(ceilKbps);
    }

    private static long burstFor(long kbps) {
        return Math.max(MIN_BURST, kbps * 1000 / 8 * BURST_MILLIS / 1000);
    }

    /** The parameters after {@code htb} in {@code tc class add/replace}. */
    String tcParameters() {
        return "rate " + rateKbps + "kbit ceil " + ceilKbps + "kbit burst " + burstBytes() + "b cburst " + ceilBurstBytes()
                + "b quantum " + quantumBytes;
    }
}
