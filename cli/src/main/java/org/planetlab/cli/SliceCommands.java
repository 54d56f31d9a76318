package org.planetlab.cli;

import org.planetlab.cli.command.CommandGroup;
import org.planetlab.cli.command.Verb;
import org.planetlab.cli.slice.SliceAttributesCommand;
import org.planetlab.cli.slice.SliceRemoveUsersCommand;
import org.planetlab.cli.slice.SliceRenewCommand;
import org.planetlab.cli.slice.SliceStartCommand;
import org.planetlab.cli.slice.SliceStopCommand;

/**
 * {@code pl slice}: the slice authority's operations, with PLCAPI's verbs and the seed's
 * ({@code create} is CreateSlice, {@code set-attr} SetSliceAttr, {@code add-users}
 * AddSlicePrincipal, {@code ticket} GetSliceTicket; AddSliceNode is {@code pl node add-slice}); {@code start}
 * and {@code stop} act everywhere or, with {@code --node}, on one node.
 */
final class SliceCommands {
    private SliceCommands() {}

    static CommandGroup group() {
        return CommandGroup.of("slice", "Slices: sets of slivers across nodes, their users, nodes and attributes.",
                        "slice_id", "name", "state", "instantiation", "expires", "max_nodes", "person_ids", "node_ids")
                .verb("add", "AddSlice")
                .verb("create", "CreateSlice")
                .listAndShow("GetSlices")
                .verb("update", "UpdateSlice")
                .annotated(SliceRenewCommand::new)
                .verb("delete", "DeleteSlice")
                .verb("add-users", "AddSlicePrincipal")
                .annotated(SliceRemoveUsersCommand::new)
                .verb("add-nodes", "AddSliceToNodes")
                .verb("remove-nodes", "DeleteSliceFromNodes")
                .annotated(SliceStartCommand::new)
                .annotated(SliceStopCommand::new)
                .verb("stops", "GetSliceStops")
                .verb(Verb.of("set-attr", "SetSliceAttr").fromFile("value"))
                .verb("ticket", "GetSliceTicket")
                .annotated(SliceAttributesCommand::new);
    }
}
