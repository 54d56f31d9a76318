package org.planetlab.plc.message;

import static java.util.Objects.requireNonNull;

import java.util.function.UnaryOperator;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.message.MessageApi;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.QueryEngine;

/** The message template methods: wire values in, a {@link MessageService} call, wire values out. */
public final class MessageMethods {
    /** Rows keyed by their message_number for the query engine; callers name messages by message_id. */
    private static final ObjectTable TABLE = ObjectTable.builder(MessageApi.MESSAGE, "messages", "message_number")
            .name("t.message_id", UnaryOperator.identity())
            .plain(ColumnKind.TEXT, "message_id", "subject", "template")
            .plain(ColumnKind.BOOLEAN, "enabled")
            .build();

    private final MessageService messages;

    public MessageMethods(MessageService messages) {
        this.messages = requireNonNull(messages, "messages is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddMessage", call -> {
            messages.addMessage(call.mutation(), call.structArg(0));
            return 1L;
        }).bind("GetMessages", MessageMethods::getMessages)
                .bind("UpdateMessage", call -> {
                    messages.updateMessage(call.mutation(), call.stringArg(0), call.structArg(1));
                    return 1L;
                })
                .bind("DeleteMessage", call -> {
                    messages.deleteMessage(call.mutation(), call.stringArg(0));
                    return 1L;
                });
    }

    private static Object getMessages(Call call) {
        Filter filter = (Filter) call.optionalArg(0).orElse(Filter.ALL);
        if (!filter.ids().isEmpty()) {
            throw PlanetLabException.invalidArgument("message_filter: messages are named by their message_id (a"
                    + " string), not by number");
        }
        return QueryEngine.get(call.db(), TABLE, filter, call.returnFields(1), QueryEngine.Access.EVERYONE);
    }
}
