package org.planetlab.node.net;

/**
 * The HTB parameters of one class.
 *
 * <p>HTB gives every class its rate, then lends what is left of the parent's rate to the classes
 * that want more, round-robin by quantum bytes. A quantum proportional to the rate makes that
 * sharing proportional to the rates, as the seed describes; the kernel's default (rate / 10)
 * is kept but clamped to [{@value #MIN_QUANTUM}, {@value #MAX_QUANTUM}] bytes so a 1 kbit/s
 * class still sends whole packets and a fast one does not hog the link for long turns.
 * Equal rates mean equal quanta, hence equal shares whatever the number of flows behind them.
 *
 * @param rateKbps guaranteed rate, at least 1
 * @param ceilKbps most the class may use when others leave capacity, at least the rate
 * @param quantumBytes bytes a class may send per round when borrowing
 */
record ClassRates(long rateKbps, long ceilKbps, long quantumBytes) {
    static final long MIN_QUANTUM = 1600;
    static final long MAX_QUANTUM = 200_000;

    ClassRates {
        if (rateKbps < 1 || ceilKbps < rateKbps) {
            throw new IllegalArgumentException("need 1 <= rate <= ceil, got rate " + rateKbps + " ceil " + ceilKbps);
        }
        if (quantumBytes < MIN_QUANTUM || quantumBytes > MAX_QUANTUM) {
            throw new IllegalArgumentException("quantum " + quantumBytes + " is outside its bounds");
        }
    }

    static ClassRates of(long rateKbps, long ceilKbps) {
        long rate = Math.max(1, rateKbps);
        long quantum = Math.clamp(rate * 1000 / 8 / 10, MIN_QUANTUM, MAX_QUANTUM);
        return new ClassRates(rate, Math.max(rate, ceilKbps), quantum);
    }

    /**
     * A sliver's class: its base rate guaranteed, its burst rate as ceiling, or its sustained
     * rate once its daily budget is spent (never below its guarantee).
     */
    static ClassRates forSliver(SliverNetworkSpec spec, boolean limitedToSustained) {
        return of(spec.baseRateKbps(), limitedToSustained ? spec.sustainedRateKbps() : spec.burstRateKbps());
    }

    /** The parameters after {@code htb} in {@code tc class add/replace}. */
    String tcParameters() {
        return "rate " + rateKbps + "kbit ceil " + ceilKbps + "kbit quantum " + quantumBytes;
    }
}
