package org.planetlab.api.nodemanager;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.planetlab.api.rspec.Rspec;

/** The node manager's typed requests; their wire forms are in {@link NodeManagerOperations}. */
public final class NodeManagerRequests {
    private NodeManagerRequests() {}

    /** An operation that takes nothing. */
    public record Nothing() {
        public static final Nothing INSTANCE = new Nothing();
    }

    /** @param slice the service (slice) the pool is handed to */
    public record CreatePool(Rspec rspec, String slice) {
        public CreatePool {
            requireNonNull(rspec, "rspec is null");
            requireNonNull(slice, "slice is null");
        }
    }

    public record Rcap(String rcap) {
        public Rcap {
            requireNonNull(rcap, "rcap is null");
        }
    }

    /** @param part exactly what the new pool takes out of {@code rcap}'s */
    public record SplitPool(String rcap, Rspec part) {
        public SplitPool {
            requireNonNull(rcap, "rcap is null");
            requireNonNull(part, "part is null");
        }
    }

    /** @param extras keys and bootscript for the VM */
    public record Bind(String rcap, String slice, Rspec extras) {
        public Bind {
            requireNonNull(rcap, "rcap is null");
            requireNonNull(slice, "slice is null");
            requireNonNull(extras, "extras is null");
        }
    }

    /**
     * SplitPool and Bind in one call: takes {@code part} out of the pool {@code rcap} (all of it
     * if the pool holds exactly that) and binds it to {@code slice}'s VM.
     *
     * @param sliceId the slice authority's id of the slice, 0 if not given: the node's flow audit
     *     names the slice by it when the binding service is PLC's own
     */
    public record SplitAndBind(String rcap, Rspec part, String slice, Rspec extras, long sliceId) {
        public SplitAndBind {
            requireNonNull(rcap, "rcap is null");
            requireNonNull(part, "part is null");
            requireNonNull(slice, "slice is null");
            requireNonNull(extras, "extras is null");
            if (sliceId < 0) {
                throw new IllegalArgumentException("slice_id must not be negative, was " + sliceId);
            }
        }

        public SplitAndBind(String rcap, Rspec part, String slice, Rspec extras) {
            this(rcap, part, slice, extras, 0);
        }
    }

    public record VmName(String name) {
        public VmName {
            requireNonNull(name, "name is null");
        }
    }

    /** What is not given stays as it is. */
    public record UpdateVm(String name, Optional<List<String>> keys, Optional<String> bootscript) {
        public UpdateVm {
            requireNonNull(name, "name is null");
            keys = keys.map(List::copyOf);
            requireNonNull(bootscript, "bootscript is null");
        }
    }

    /** @param name one VM; empty for the caller's own (or, for the site, the node's) */
    public record Usage(Optional<String> name) {
        public Usage {
            requireNonNull(name, "name is null");
        }
    }

    public record Blacklist(List<String> slices, List<String> authorities) {
        public Blacklist {
            slices = List.copyOf(slices);
            authorities = List.copyOf(authorities);
        }
    }

    public record NodeRate(long kbps) {}

    /** @param slice the service that may install accounts; empty for none */
    public record AccountsFrom(String slice) {
        public AccountsFrom {
            requireNonNull(slice, "slice is null");
        }
    }

    /** Login keys for the node's site_admin and root accounts. */
    public record Accounts(List<String> siteAdmin, List<String> root) {
        public Accounts {
            siteAdmin = List.copyOf(siteAdmin);
            root = List.copyOf(root);
        }
    }

    /** @param publicKey PEM */
    public record ServiceCertificate(String publicKey) {
        public ServiceCertificate {
            requireNonNull(publicKey, "publicKey is null");
        }
    }

    /** Sign a lease of VM {@code name} for a ticket. */
    public record Lease(String name, String ticketId, String slice, String principal, Instant start, Instant end) {
        public Lease {
            requireNonNull(name, "name is null");
            requireNonNull(ticketId, "ticketId is null");
            requireNonNull(slice, "slice is null");
            requireNonNull(principal, "principal is null");
            requireNonNull(start, "start is null");
            requireNonNull(end, "end is null");
        }
    }

    public record Capture(String name, long packets, long seconds) {
        public Capture {
            requireNonNull(name, "name is null");
        }
    }
}
