package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.planetlab.api.audit.AuditApi;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.PlanetLabException;

/**
 * A complaint as filed: about which slice's flow from which node, by whom, in their words.
 *
 * @param reporterEmail lower-cased, so the per-reporter limit cannot be dodged by changing case
 */
public record NewComplaint(long sliceId, long nodeId, String reporterName, String reporterEmail, String text,
        FlowRecord flow) {
    public NewComplaint {
        requireNonNull(reporterName, "reporterName is null");
        requireNonNull(reporterEmail, "reporterEmail is null");
        requireNonNull(text, "text is null");
        requireNonNull(flow, "flow is null");
        reporterName = reporterName.strip();
        reporterEmail = reporterEmail.strip().toLowerCase(Locale.ROOT);
        if (reporterName.isEmpty() || reporterName.length() > 128 || hasControl(reporterName)) {
            throw PlanetLabException.invalidArgument("reporter_name: one line of 1-128 characters");
        }
        if (!reporterEmail.matches("[^\\s@]{1,64}@[^\\s@]{1,189}") || hasControl(reporterEmail)) {
            throw PlanetLabException.invalidArgument("reporter_email: a mail address, e.g. abuse@example.org");
        }
        if (text.isBlank() || text.length() > AuditApi.MAX_COMPLAINT_TEXT) {
            throw PlanetLabException.invalidArgument("text: 1-" + AuditApi.MAX_COMPLAINT_TEXT + " characters");
        }
        if (flow.sliceId() != sliceId) {
            throw PlanetLabException.invalidArgument("the flow is slice " + flow.sliceId() + "'s, the complaint names slice "
                    + sliceId);
        }
        if (flow.nodeId() != nodeId) {
            throw PlanetLabException.invalidArgument("the flow is node " + flow.nodeId() + "'s, the complaint names node "
                    + nodeId);
        }
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
