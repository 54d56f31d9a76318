package org.planetlab.node.sliver;

import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;

/**
 * @param cpuWeight CFS weight (cgroup v1 cpu.shares scale, 1024 per cpu_share)
 * @param memoryBytes memory limit
 * @param pids most processes and threads
 * @param cpuCapPercent most CPU time in percent of one CPU (CFS bandwidth), 0 for none
 */
public record CgroupLimits(long cpuWeight, long memoryBytes, long pids, long cpuCapPercent) {
    /** The CFS bandwidth period; a cap of p percent of one CPU is a quota of p/100 of it. */
    public static final long CPU_PERIOD_MICROSECONDS = 100_000;

    public CgroupLimits {
        if (cpuWeight < 2 || memoryBytes < 1 || pids < 1) {
            throw new IllegalArgumentException("cgroup limits must be positive (cpu weight at least 2)");
        }
        if (cpuCapPercent < 0) {
            throw new IllegalArgumentException("cpu cap must be 0 (none) or a positive percentage, not " + cpuCapPercent);
        }
    }

    public CgroupLimits(long cpuWeight, long memoryBytes, long pids) {
        this(cpuWeight, memoryBytes, pids, 0);
    }

    /** Limits from an RSpec, with the CPU weight computed elsewhere (it depends on other slivers). */
    public static CgroupLimits of(Rspec rspec, long cpuWeight) {
        long memoryMegabytes = Math.max(1, rspec.count(RspecAttribute.MEM_LIMIT));
        return new CgroupLimits(cpuWeight, memoryMegabytes * 1024 * 1024, Math.max(1, rspec.count(RspecAttribute.PIDS_LIMIT)));
    }

    /**
     * Limits from an RSpec on a node of {@code capacityPercent} (100 per CPU): the cap is
     * {@code cpu_cap}, raised to {@code cpu_guarantee} so the guarantee can be kept, and none when
     * it is the whole node or more.
     */
    public static CgroupLimits of(Rspec rspec, long cpuWeight, long capacityPercent) {
        return of(rspec, cpuWeight).withCpuCap(effectiveCap(rspec, capacityPercent));
    }

    /** The cap a sliver with this RSpec gets on a node of {@code capacityPercent}: 0 for none. */
    public static long effectiveCap(Rspec rspec, long capacityPercent) {
        long cap = rspec.count(RspecAttribute.CPU_CAP);
        if (cap == 0) {
            return 0;
        }
        long raised = Math.max(cap, rspec.count(RspecAttribute.CPU_GUARANTEE));
        return raised >= capacityPercent ? 0 : raised;
    }

    public CgroupLimits withCpuCap(long percent) {
        return new CgroupLimits(cpuWeight, memoryBytes, pids, percent);
    }

    /** The CFS quota per {@link #CPU_PERIOD_MICROSECONDS}, or -1 for none. */
    public long cpuQuotaMicroseconds() {
        return cpuCapPercent == 0 ? -1 : cpuCapPercent * CPU_PERIOD_MICROSECONDS / 100;
    }
}
