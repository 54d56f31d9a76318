package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Optional;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.store.Database;

/**
 * PLC's side of flow auditing: the flow archive, the nodes' uploads into it, the queries that
 * answer "who sent this?", and complaints, with the API methods over them.
 */
public record FlowAuditing(FlowArchive archive, FlowUploads uploads, FlowQueries queries, ComplaintService complaints)
        implements AutoCloseable {
    public FlowAuditing {
        requireNonNull(archive, "archive is null");
        requireNonNull(uploads, "uploads is null");
        requireNonNull(queries, "queries is null");
        requireNonNull(complaints, "complaints is null");
    }

    /** Opens the archive the settings name. @param support where complaints are copied, if anywhere */
    public static FlowAuditing open(AuditSettings settings, Database database, MutationPath mutations, SliceNames names,
            Optional<String> support, Clock clock) {
        FlowArchive archive = settings.clickHouse().<FlowArchive>map(ClickHouseFlowArchive::open)
                .orElseGet(() -> DuckDbFlowArchive.open(settings.path(), settings.memoryLimitMb()));
        return new FlowAuditing(archive, new FlowUploads(archive, database, mutations, settings, clock),
                new FlowQueries(archive, names), new ComplaintService(mutations, settings, support));
    }

    public void register(MethodRegistry registry) {
        new AuditMethods(uploads, queries, complaints).register(registry);
    }

    @Override
    public void close() {
        archive.close();
    }
}
