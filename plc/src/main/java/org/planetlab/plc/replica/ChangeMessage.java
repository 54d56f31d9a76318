package org.planetlab.plc.replica;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.change.ObjectRef;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.store.ChangeChannel;

/**
 * One committed change as it travels between servers: the server it was made on, whether it
 * touched what every node sees, and the objects it touched. Written as one line,
 * {@code ORIGIN;all|some;TYPE:ID,TYPE:ID...}; a change too large for one notification travels as
 * "everything changed", which costs the receivers a rebuild and loses nothing.
 */
record ChangeMessage(String origin, boolean everyNode, List<ObjectRef> objects) {
    ChangeMessage {
        requireNonNull(origin, "origin is null");
        if (!origin.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("origin \"" + origin + "\" is not a hexadecimal server id");
        }
        objects = List.copyOf(objects);
    }

    static ChangeMessage of(String origin, Changes changes) {
        return new ChangeMessage(origin, changes.everyNode(), changes.objects());
    }

    /** A change that may have touched anything, as after a notification was lost. */
    static ChangeMessage everything(String origin) {
        return new ChangeMessage(origin, true, List.of());
    }

    String encode() {
        StringBuilder text = new StringBuilder(origin).append(everyNode ? ";all;" : ";some;");
        for (int index = 0; index < objects.size(); index++) {
            ObjectRef object = objects.get(index);
            text.append(index == 0 ? "" : ",").append(object.type().name()).append(':').append(object.id());
        }
        String encoded = text.toString();
        return encoded.getBytes(StandardCharsets.UTF_8).length <= ChangeChannel.MAX_PAYLOAD_BYTES ? encoded
                : everything(origin).encode();
    }

    /**
     * Reads a message; one this server cannot read (a newer server's, during an upgrade) is
     * taken as "everything changed" from an unknown origin, so nothing is missed.
     */
    static ChangeMessage decode(String text) {
        String[] fields = text.split(";", -1);
        if (fields.length != 3 || !fields[0].matches("[0-9a-f]+") || !(fields[1].equals("all") || fields[1].equals("some"))) {
            return everything("0");
        }
        List<ObjectRef> objects = new java.util.ArrayList<>();
        if (!fields[2].isEmpty()) {
            for (String item : fields[2].split(",")) {
                Optional<ObjectRef> object = object(item);
                if (object.isEmpty()) {
                    return everything(fields[0]);
                }
                objects.add(object.get());
            }
        }
        return new ChangeMessage(fields[0], fields[1].equals("all"), objects);
    }

    private static Optional<ObjectRef> object(String item) {
        int colon = item.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ObjectRef(ObjectType.valueOf(item.substring(0, colon)),
                    Long.parseLong(item.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The change as the local listeners take it. */
    Changes changes() {
        Changes changes = new Changes();
        objects.forEach(object -> changes.add(object.type(), object.id()));
        if (everyNode) {
            changes.affectsEveryNode();
        }
        return changes;
    }
}
