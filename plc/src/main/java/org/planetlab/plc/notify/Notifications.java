package org.planetlab.plc.notify;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.notify.NotifyApi;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mail.MailMessage;
import org.planetlab.plc.mail.Mailer;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.person.PersonTables;
import org.planetlab.plc.store.QueryEngine;

/**
 * NotifyPersons and NotifySupport: mail through PLC's mail server. The message is handed to the
 * server within the call, so a call that returns 1 was accepted by it; the event log keeps the
 * subject and the recipients.
 */
public final class Notifications {
    private final Mailer mailer;

    public Notifications(Mailer mailer) {
        this.mailer = requireNonNull(mailer, "mailer is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("NotifyPersons", call -> {
            Filter persons = (Filter) NotifyApi.PERSON_FILTER.check(call.arg(0), "person_filter");
            notifyPersons(call.mutation(), persons, call.stringArg(1), call.stringArg(2));
            return 1L;
        }).bind("NotifySupport", call -> {
            notifySupport(call.mutation(), call.stringArg(0), call.stringArg(1));
            return 1L;
        });
    }

    public void notifyPersons(Mutation mutation, Filter persons, String subject, String body) {
        List<Map<String, Object>> recipients = QueryEngine.get(mutation.db(), PersonTables.PERSONS, persons,
                List.of("person_id", "email"), QueryEngine.Access.OPERATOR);
        if (recipients.isEmpty()) {
            throw PlanetLabException.notFound("person_filter: no person matches; nothing was sent");
        }
        mailer.send(new MailMessage(recipients.stream().map(row -> (String) row.get("email")).toList(), subject, body));
        recipients.forEach(row -> mutation.affected(ObjectType.PERSON, (Long) row.get("person_id")));
        mutation.message("mailed %d person(s): %s".formatted(recipients.size(), subject));
    }

    public void notifySupport(Mutation mutation, String subject, String body) {
        String support = mailer.supportAddress().orElseThrow(() -> new PlanetLabException(ErrorCode.UNAVAILABLE,
                "PLC has no support address configured (set mail.support in plc.properties)"));
        mailer.send(new MailMessage(List.of(support), subject, body));
        mutation.message("mailed support: " + subject);
    }
}
