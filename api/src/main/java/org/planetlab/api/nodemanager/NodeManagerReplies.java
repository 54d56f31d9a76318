package org.planetlab.api.nodemanager;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.planetlab.api.rspec.Rspec;

/** The node manager's typed replies; their wire forms are in {@link NodeManagerOperations}. */
public final class NodeManagerReplies {
    private NodeManagerReplies() {}

    /** @param slice the service the pool was handed to */
    public record Pool(String slice, Rspec rspec) {
        public Pool {
            requireNonNull(slice, "slice is null");
            requireNonNull(rspec, "rspec is null");
        }
    }

    /**
     * A VM as the node manager shows it.
     *
     * @param phase RUNNING, STOPPED, CREATING or DESTROYING
     * @param boundBy the service that created it
     * @param rspec its resources, keys and bootscript
     * @param siteStopped stopped by the node's site (owner VM or host root); only the site starts it
     */
    public record Vm(String name, String vmType, String phase, long index, String boundBy, Instant created, Rspec rspec,
            boolean siteStopped) {
        /** A VM its site did not stop. */
        public Vm(String name, String vmType, String phase, long index, String boundBy, Instant created, Rspec rspec) {
            this(name, vmType, phase, index, boundBy, created, rspec, false);
        }

        public Vm {
            requireNonNull(name, "name is null");
            requireNonNull(vmType, "vmType is null");
            requireNonNull(phase, "phase is null");
            requireNonNull(boundBy, "boundBy is null");
            requireNonNull(created, "created is null");
            requireNonNull(rspec, "rspec is null");
        }

        public boolean destroying() {
            return phase.equals("DESTROYING");
        }

        public boolean stopped() {
            return phase.equals("STOPPED");
        }

        public boolean running() {
            return phase.equals("RUNNING");
        }
    }

    /**
     * A VM's usage; {@code cpuCapPercent} is the cap the node enforces (percent of one CPU, 0 for
     * none) and {@code cpuThrottledNanoseconds} how long it held the VM back.
     */
    public record Usage(long cpuNanoseconds, long memoryBytes, long diskBytes, long processes, long bytesSent,
            long packetsSent, long bytesReceived, long packetsReceived, long cpuCapPercent, long cpuThrottledNanoseconds) {
        /** Usage of a VM without a CPU cap. */
        public Usage(long cpuNanoseconds, long memoryBytes, long diskBytes, long processes, long bytesSent, long packetsSent,
                long bytesReceived, long packetsReceived) {
            this(cpuNanoseconds, memoryBytes, diskBytes, processes, bytesSent, packetsSent, bytesReceived, packetsReceived, 0, 0);
        }
    }

    /** Who the node manager knows the caller as. */
    public record Identity(String slice, boolean hostRoot, boolean privileged) {
        public Identity {
            requireNonNull(slice, "slice is null");
        }
    }

    /** The owner's policy. */
    public record Policy(long nodeRateKbps, List<String> blacklistedSlices, List<String> blacklistedAuthorities,
            String accountsFrom) {
        public Policy {
            blacklistedSlices = List.copyOf(blacklistedSlices);
            blacklistedAuthorities = List.copyOf(blacklistedAuthorities);
            requireNonNull(accountsFrom, "accountsFrom is null");
        }
    }

    /** @param certificate the service's certificate, XML */
    public record Certificate(String certificate) {
        public Certificate {
            requireNonNull(certificate, "certificate is null");
        }
    }

    /** @param lease the signed lease, XML */
    public record SignedLease(String lease) {
        public SignedLease {
            requireNonNull(lease, "lease is null");
        }
    }
}
