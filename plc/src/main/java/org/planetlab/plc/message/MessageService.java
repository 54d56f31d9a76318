package org.planetlab.plc.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Message templates, kept by operators (the role table admits only them) and named by their
 * message_id, which is unique.
 */
public final class MessageService {
    public void addMessage(Mutation mutation, Map<String, Object> fields) {
        String messageId = (String) fields.get("message_id");
        find(mutation.db(), messageId).ifPresent(existing -> {
            throw PlanetLabException.alreadyExists("message " + messageId + " exists already; change it with"
                    + " UpdateMessage");
        });
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("message_number", Database.nextId(mutation.db(), "messages"));
        row.put("message_id", messageId);
        row.put("subject", fields.get("subject"));
        row.put("template", fields.get("template"));
        row.put("enabled", fields.getOrDefault("enabled", true));
        Rows.insert(mutation.db(), "messages", row);
        mutation.message("message " + messageId + " added");
    }

    public void updateMessage(Mutation mutation, String messageId, Map<String, Object> fields) {
        long number = require(mutation.db(), messageId);
        if (!fields.isEmpty()) {
            Rows.update(mutation.db(), "messages", "message_number", number, fields);
        }
        mutation.message("message " + messageId + " changed");
    }

    public void deleteMessage(Mutation mutation, String messageId) {
        long number = require(mutation.db(), messageId);
        Rows.execute(mutation.db(), "DELETE FROM messages WHERE message_number = :number", Map.of("number", number));
        mutation.message("message " + messageId + " deleted");
    }

    private static long require(Handle handle, String messageId) {
        return find(handle, messageId).orElseThrow(() -> PlanetLabException.notFound("no message " + messageId));
    }

    private static Optional<Long> find(Handle handle, String messageId) {
        return handle.createQuery("SELECT message_number FROM messages WHERE message_id = :id")
                .bind("id", messageId).mapTo(Long.class).findOne();
    }
}
