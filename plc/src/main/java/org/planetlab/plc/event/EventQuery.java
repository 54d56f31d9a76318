package org.planetlab.plc.event;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.change.ObjectType;

/**
 * Which events to read, newest first, and at most how many. Every condition is optional; a
 * query always has a limit, so a reader (a portal page, a monitor's poll) never pulls the whole
 * log. To read further back, ask again {@link #before} the oldest event of the previous answer.
 *
 * @param objectType events that touched an object of this type
 * @param objectId with {@code objectType}: events that touched this one object
 * @param personId events of calls made by this person
 * @param nodeId events of calls made by this node
 * @param callName events of this operation, e.g. {@code DeleteSlice}
 * @param since events at or after this time (seconds since the epoch)
 * @param until events before this time (seconds since the epoch)
 * @param beforeEventId events older than this one
 * @param limit at most this many events, 1 to {@link #MAX_LIMIT}
 */
public record EventQuery(Optional<ObjectType> objectType, OptionalLong objectId, OptionalLong personId,
        OptionalLong nodeId, Optional<String> callName, OptionalLong since, OptionalLong until,
        OptionalLong beforeEventId, int limit) {
    public static final int MAX_LIMIT = 1000;

    public EventQuery {
        requireNonNull(objectType, "objectType is null");
        requireNonNull(objectId, "objectId is null");
        requireNonNull(personId, "personId is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(callName, "callName is null");
        requireNonNull(since, "since is null");
        requireNonNull(until, "until is null");
        requireNonNull(beforeEventId, "beforeEventId is null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw PlanetLabException.invalidArgument("limit: %d is not from 1 to %d; read further with before(event_id)"
                    .formatted(limit, MAX_LIMIT));
        }
        if (objectId.isPresent() && objectType.isEmpty()) {
            throw PlanetLabException.invalidArgument("object_id: name the object's type too (about(type, id))");
        }
        if (since.isPresent() && until.isPresent() && since.getAsLong() >= until.getAsLong()) {
            throw PlanetLabException.invalidArgument("since: %d is not before until (%d)"
                    .formatted(since.getAsLong(), until.getAsLong()));
        }
    }

    /** The newest {@code limit} events. */
    public static EventQuery latest(int limit) {
        return new EventQuery(Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), limit);
    }

    /** Only events that touched this object. */
    public EventQuery about(ObjectType type, long id) {
        return new EventQuery(Optional.of(type), OptionalLong.of(id), personId, nodeId, callName, since, until,
                beforeEventId, limit);
    }

    /** Only events that touched an object of this type. */
    public EventQuery about(ObjectType type) {
        return new EventQuery(Optional.of(type), OptionalLong.empty(), personId, nodeId, callName, since, until,
                beforeEventId, limit);
    }

    /** Only events of calls this person made. */
    public EventQuery byPerson(long id) {
        return new EventQuery(objectType, objectId, OptionalLong.of(id), nodeId, callName, since, until, beforeEventId,
                limit);
    }

    /** Only events of calls this node made. */
    public EventQuery byNode(long id) {
        return new EventQuery(objectType, objectId, personId, OptionalLong.of(id), callName, since, until, beforeEventId,
                limit);
    }

    /** Only events of this operation. */
    public EventQuery call(String name) {
        return new EventQuery(objectType, objectId, personId, nodeId, Optional.of(name), since, until, beforeEventId,
                limit);
    }

    /** Only events from {@code from} (inclusive) to {@code to} (exclusive), seconds since the epoch. */
    public EventQuery between(long from, long to) {
        return new EventQuery(objectType, objectId, personId, nodeId, callName, OptionalLong.of(from),
                OptionalLong.of(to), beforeEventId, limit);
    }

    /** Only events at or after {@code from}, seconds since the epoch. */
    public EventQuery since(long from) {
        return new EventQuery(objectType, objectId, personId, nodeId, callName, OptionalLong.of(from), until,
                beforeEventId, limit);
    }

    /** Only events older than {@code eventId}: the next page back. */
    public EventQuery before(long eventId) {
        return new EventQuery(objectType, objectId, personId, nodeId, callName, since, until, OptionalLong.of(eventId),
                limit);
    }
}
