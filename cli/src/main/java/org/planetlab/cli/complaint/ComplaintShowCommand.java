package org.planetlab.cli.complaint;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pl complaint show ID}: one complaint, its flow, who it was mailed to and who handled it. */
@Command(name = "show", header = "Shows one complaint.",
        description = {"Prints the complaint, the flow it is about, the addresses it was mailed to and its status.",
                "", "API method: GetComplaints(auth, {complaint_id})"})
public final class ComplaintShowCommand implements Callable<Integer>, CallsMethods {
    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "COMPLAINT_ID", description = "The complaint's id.")
    long complaintId;

    public ComplaintShowCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(ComplaintListCommand.GET_COMPLAINTS.name());
    }

    @Override
    public Integer call() {
        List<?> found = (List<?>) context.client(ComplaintListCommand.GET_COMPLAINTS)
                .call(ComplaintListCommand.GET_COMPLAINTS.name(), Map.of("complaint_id", complaintId));
        if (found.isEmpty()) {
            throw PlanetLabException.notFound("no complaint " + complaintId + " that you may see");
        }
        context.print(found.getFirst(), Presentation.of(org.planetlab.api.audit.AuditApi.COMPLAINT));
        return 0;
    }
}
