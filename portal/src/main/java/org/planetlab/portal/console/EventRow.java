package org.planetlab.portal.console;

import java.util.stream.Collectors;
import org.planetlab.plc.event.EventRecord;
import org.planetlab.portal.slice.Times;

/** One entry of the event log as the console lists it. */
public record EventRow(long eventId, String time, String who, String call, String objects, boolean succeeded,
        String message) {
    static EventRow of(EventRecord event, String who) {
        return new EventRow(event.eventId(), Times.utc(event.time()), who, event.callName(),
                event.objects().stream().map(object -> object.type().wireName() + " " + object.id())
                        .collect(Collectors.joining(", ")), event.succeeded(), event.message());
    }
}
