package org.planetlab.plc.event;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.planetlab.plc.change.ObjectRef;

/**
 * One entry of the event log: who called which operation, when (seconds since the epoch), with
 * which arguments (JSON, secrets removed), how it ended ({@code faultCode} 0 for success, else
 * the XML-RPC fault number) and which objects it touched, in the order it recorded them.
 */
public record EventRecord(long eventId, long time, Optional<Long> personId, Optional<Long> nodeId, String authType,
        long faultCode, String callName, String arguments, String message, double runtimeSeconds,
        List<ObjectRef> objects) {
    public EventRecord {
        requireNonNull(personId, "personId is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(authType, "authType is null");
        requireNonNull(callName, "callName is null");
        requireNonNull(arguments, "arguments is null");
        requireNonNull(message, "message is null");
        objects = List.copyOf(objects);
    }

    public boolean succeeded() {
        return faultCode == 0;
    }
}
