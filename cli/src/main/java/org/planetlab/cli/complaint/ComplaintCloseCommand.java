package org.planetlab.cli.complaint;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pl complaint close ID [--note TEXT] [--answered]}: records that a complaint was handled. */
@Command(name = "close", header = "Closes a complaint (or marks it answered), with a note.",
        description = {"PLC records who changed the complaint and when. Operators may close every complaint, PIs those"
                + " about their sites' slices.",
                "", "API method: UpdateComplaint(auth, complaint_id, {status, note})"})
public final class ComplaintCloseCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec UPDATE_COMPLAINT = MethodCatalog.lookup("UpdateComplaint").orElseThrow();

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "COMPLAINT_ID", description = "The complaint's id.")
    long complaintId;

    @Option(names = "--note", paramLabel = "TEXT", description = "What was done or answered.")
    String note;

    @Option(names = "--answered", description = "Mark it answered instead of closed (the reporter has been answered).")
    boolean answered;

    public ComplaintCloseCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(UPDATE_COMPLAINT.name());
    }

    @Override
    public Integer call() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", answered ? "answered" : "closed");
        if (note != null) {
            fields.put("note", note);
        }
        Object result = context.client(UPDATE_COMPLAINT).call(UPDATE_COMPLAINT.name(), complaintId, fields);
        if (context.json()) {
            context.print(result, Presentation.of(UPDATE_COMPLAINT.returns()));
        } else {
            context.message("complaint " + complaintId + " " + fields.get("status"));
        }
        return 0;
    }
}
