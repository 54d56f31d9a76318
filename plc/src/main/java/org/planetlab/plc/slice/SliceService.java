package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.mutation.MutationPath;

/**
 * The slice operations that PLC itself starts, rather than a caller of the API: expiry. Each runs
 * on the {@link MutationPath}, so it leaves an event-log entry and the change listeners (the node
 * views, the node credential cache) hear of it as of any API call.
 */
public final class SliceService {
    private final MutationPath mutations;

    public SliceService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    /** Marks every slice whose expiry time has passed as deleted; returns their ids. */
    public List<Long> expireSlices() {
        return mutations.run(Caller.INTERNAL, "ExpireSlices", List.of(), mutation -> {
            mutation.quietIfUnchanged();
            List<Long> expired = SliceRemoval.expire(mutation);
            mutation.message("slices " + expired + " expired");
            return expired;
        });
    }
}
