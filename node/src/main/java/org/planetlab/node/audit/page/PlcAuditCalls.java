package org.planetlab.node.audit.page;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.audit.SliceContact;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The page's calls to PLC with the node's signed client: {@code GetSliceContacts(auth, [ids])},
 * whose answers are kept for {@code cacheFor} (a failed call is not retried for a minute, so a
 * PLC outage does not slow every page), and {@code AddComplaint(auth, {...})}.
 */
public final class PlcAuditCalls implements SliceContacts, Complaints {
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    private final PlcClient plc;
    private final int nodeId;
    private final Clock clock;
    private final Duration cacheFor;
    private final Map<Integer, Cached> cache = new HashMap<>();
    private long failedAt = Long.MIN_VALUE;

    private record Cached(SliceContact contact, long atMillis) {}

    public PlcAuditCalls(PlcClient plc, int nodeId, Clock clock, Duration cacheFor) {
        this.plc = requireNonNull(plc, "plc is null");
        this.nodeId = nodeId;
        this.clock = requireNonNull(clock, "clock is null");
        this.cacheFor = requireNonNull(cacheFor, "cacheFor is null");
    }

    @Override
    public Map<Integer, SliceContact> contacts(Collection<Integer> sliceIds) {
        long now = clock.millis();
        Map<Integer, SliceContact> found = new LinkedHashMap<>();
        List<Integer> missing = new ArrayList<>();
        synchronized (this) {
            for (int id : sliceIds) {
                Cached cached = cache.get(id);
                if (cached != null && now - cached.atMillis() < cacheFor.toMillis()) {
                    found.put(id, cached.contact());
                } else if (!missing.contains(id)) {
                    missing.add(id);
                }
            }
            if (missing.isEmpty()) {
                return found;
            }
            if (failedAt != Long.MIN_VALUE && now - failedAt < RETRY_AFTER_FAILURE.toMillis()) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "PLC did not answer a minute ago");
            }
        }
        Object answer;
        try {
            answer = plc.call("GetSliceContacts", new ArrayList<Object>(missing));
        } catch (RuntimeException e) {
            synchronized (this) {
                failedAt = now;
            }
            throw e;
        }
        synchronized (this) {
            if (answer instanceof List<?> list) {
                for (Object item : list) {
                    SliceContact.fromWire(item).ifPresent(contact -> {
                        cache.put(contact.sliceId(), new Cached(contact, now));
                        found.put(contact.sliceId(), contact);
                    });
                }
            }
        }
        return found;
    }

    @Override
    public int report(FlowRecord flow, String reporterName, String reporterEmail, String text) {
        Map<String, Object> complaint = new LinkedHashMap<>();
        complaint.put("slice_id", flow.sliceId());
        complaint.put("node_id", nodeId);
        complaint.put("reporter_name", reporterName);
        complaint.put("reporter_email", reporterEmail);
        complaint.put("text", text);
        complaint.put("flow", FlowWire.toWire(flow));
        Object answer = plc.call("AddComplaint", complaint);
        if (answer instanceof Integer id) {
            return id;
        }
        if (answer instanceof Long id && id <= Integer.MAX_VALUE) {
            return (int) (long) id;
        }
        if (answer instanceof Map<?, ?> map && map.get("complaint_id") instanceof Number id) {
            return id.intValue();
        }
        throw new PlanetLabException(ErrorCode.UNAVAILABLE, "PLC answered AddComplaint with something that is not a complaint id");
    }
}
