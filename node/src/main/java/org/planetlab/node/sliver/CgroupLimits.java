package org.planetlab.node.sliver;

import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;

/**
 * @param cpuWeight CFS weight (cgroup v1 cpu.shares scale, 1024 per cpu_share)
 * @param memoryBytes memory limit
 * @param pids most processes and threads
 */
public record CgroupLimits(long cpuWeight, long memoryBytes, long pids) {
    public CgroupLimits {
        if (cpuWeight < 2 || memoryBytes < 1 || pids < 1) {
            throw new IllegalArgumentException("cgroup limits must be positive (cpu weight at least 2)");
        }
    }

    /** Limits from an RSpec, with the CPU weight computed elsewhere (it depends on other slivers). */
    public static CgroupLimits of(Rspec rspec, long cpuWeight) {
        long memoryMegabytes = Math.max(1, rspec.count(RspecAttribute.MEM_LIMIT));
        return new CgroupLimits(cpuWeight, memoryMegabytes * 1024 * 1024, Math.max(1, rspec.count(RspecAttribute.PIDS_LIMIT)));
    }
}
