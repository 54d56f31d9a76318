package org.planetlab.cli.complaint;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pl complaint list}: the newest complaints the caller may see. */
@Command(name = "list", header = "Lists complaints, newest first.",
        description = {"Operators see every complaint, PIs those about their sites' slices.",
                "", "API method: GetComplaints(auth, {slice_id, status, limit})"})
public final class ComplaintListCommand implements Callable<Integer>, CallsMethods {
    static final MethodSpec GET_COMPLAINTS = MethodCatalog.lookup("GetComplaints").orElseThrow();

    private final CommandContext context;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only complaints that are open, answered or closed.")
    String status;

    @Option(names = "--slice-id", paramLabel = "SLICE_ID", description = "Only complaints about this slice.")
    Long sliceId;

    @Option(names = "--limit", paramLabel = "N", description = "The most to list (100 by default).")
    Long limit;

    public ComplaintListCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(GET_COMPLAINTS.name());
    }

    @Override
    public Integer call() {
        Map<String, Object> filter = new LinkedHashMap<>();
        if (status != null) {
            filter.put("status", status);
        }
        if (sliceId != null) {
            filter.put("slice_id", sliceId);
        }
        if (limit != null) {
            filter.put("limit", limit);
        }
        Object result = context.client(GET_COMPLAINTS).call(GET_COMPLAINTS.name(), filter.isEmpty() ? null : filter);
        if (context.json()) {
            context.print(result, Presentation.of(GET_COMPLAINTS.returns()));
            return 0;
        }
        List<Map<String, Object>> rows = ((List<?>) result).stream().map(row -> summary((Map<?, ?>) row)).toList();
        if (rows.isEmpty()) {
            context.message("no complaints");
            return 0;
        }
        context.print(rows, new Presentation(ArrayType.of(new AnyType("complaint")), List.of("complaint_id", "created",
                "status", "slice_name", "node_id", "reporter_email", "remote_address", "text")));
        return 0;
    }

    private static Map<String, Object> summary(Map<?, ?> complaint) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("complaint_id", complaint.get("complaint_id"));
        row.put("created", Instant.ofEpochSecond((Long) complaint.get("created")).toString());
        row.put("status", complaint.get("status"));
        row.put("slice_name", complaint.get("slice_name"));
        row.put("node_id", complaint.get("node_id"));
        row.put("reporter_email", complaint.get("reporter_email"));
        row.put("remote_address", ((Map<?, ?>) complaint.get("flow")).get("remote_address"));
        String text = ((String) complaint.get("text")).strip().lines().findFirst().orElse("");
        row.put("text", text.length() > 60 ? text.substring(0, 57) + "..." : text);
        return row;
    }
}
