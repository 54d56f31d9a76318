package org.planetlab.cli.lease;

import org.planetlab.cli.command.CommandGroup;
import org.planetlab.cli.command.Verb;

/**
 * {@code pl lease}: advance reservations of reservable nodes for slices, and the calendar query
 * for the earliest slot in which several nodes are free together. See docs/federation.md.
 */
public final class LeaseCommands {
    private LeaseCommands() {}

    public static CommandGroup group() {
        return CommandGroup.of("lease", "Reservations: a reservable node runs only the slice holding its current lease.",
                        "lease_id", "hostname", "name", "t_from", "t_until", "duration", "expired")
                .verb("add", "AddLeases")
                .listAndShow("GetLeases")
                .verb("update", "UpdateLeases")
                .verb("delete", "DeleteLeases")
                .verb("granularity", "GetLeaseGranularity")
                .verb(Verb.of("find", "GetLeaseWindow").order("duration", "node_id_or_hostname_list"));
    }
}
