package org.planetlab.plc.monitor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;

/**
 * PLC's monitor: node heartbeats and availability, their reports, and the escalation of nodes
 * that stay down, with the API methods that read and feed them.
 */
public record Monitoring(AvailabilityService availability, AvailabilityReports reports, EscalationService escalations) {
    public Monitoring {
        requireNonNull(availability, "availability is null");
        requireNonNull(reports, "reports is null");
        requireNonNull(escalations, "escalations is null");
    }

    /** @param support PLC support's address, told of restrictions */
    public static Monitoring create(MutationPath mutations, Database database, MonitorSettings settings, Optional<String> support) {
        AvailabilityService availability = new AvailabilityService(mutations, database, settings.silence().toSeconds());
        return new Monitoring(availability, new AvailabilityReports(availability),
                new EscalationService(mutations, database, settings, support));
    }

    public void register(MethodRegistry registry) {
        new MonitorMethods(availability, reports).register(registry);
    }
}
