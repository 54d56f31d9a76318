package org.planetlab.node.audit.setup;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import org.planetlab.api.client.PlcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slice ids by sliver name, from PLC's {@code GetSlivers} for this node (the view the slice
 * creation service has just acted on, so a new sliver is normally found at the first ask). The
 * answer is kept. A name asks PLC at once the first time; a name PLC did not know (the node's
 * system slivers have no slice at PLC) asks again at most every {@link #REFRESH}, so that the
 * unknown names of a few slivers never hold back the first ask of a new one.
 */
public final class PlcSliceIds implements Function<String, OptionalInt> {
    private static final Logger LOG = LoggerFactory.getLogger(PlcSliceIds.class);
    static final Duration REFRESH = Duration.ofSeconds(10);

    private final PlcClient plc;
    private final Clock clock;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<String, Long> unknownAskedAt = new HashMap<>();

    public PlcSliceIds(PlcClient plc, Clock clock) {
        this.plc = requireNonNull(plc, "plc is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public synchronized OptionalInt apply(String sliverName) {
        Integer known = ids.get(sliverName);
        Long askedAt = unknownAskedAt.get(sliverName);
        if (known == null && (askedAt == null || clock.millis() - askedAt >= REFRESH.toMillis())) {
            try {
                read(plc.call("GetSlivers"));
            } catch (RuntimeException e) {
                LOG.warn("cannot learn slice ids from PLC (GetSlivers): {}", e.getMessage());
            }
            known = ids.get(sliverName);
            if (known == null) {
                unknownAskedAt.put(sliverName, clock.millis());
            }
        }
        return known == null ? OptionalInt.empty() : OptionalInt.of(known);
    }

    private void read(Object answer) {
        if (answer instanceof Map<?, ?> view && view.get("slivers") instanceof List<?> slivers) {
            for (Object item : slivers) {
                if (item instanceof Map<?, ?> sliver && sliver.get("name") instanceof String name
                        && sliver.get("slice_id") instanceof Number id && id.intValue() > 0) {
                    ids.put(name, id.intValue());
                }
            }
        }
    }
}
