package org.planetlab.portal.console;

import static java.util.Objects.requireNonNull;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.audit.FlowQueries;
import org.planetlab.plc.audit.SliceContacts;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.event.EventQuery;
import org.planetlab.plc.event.EventRecord;
import org.planetlab.plc.node.NodeFilter;
import org.planetlab.plc.person.PersonDetails;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.store.Page;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * The event log with filters (who, which call, which object), and "who sent this?": the flows
 * the nodes' auditing archived to or from an address in a time window, with the slices that sent
 * them and whom to tell.
 */
public final class EventPages {
    private static final int EVENTS_SHOWN = 100;
    private static final int FLOWS_SHOWN = 200;
    static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final Plc plc;

    public EventPages(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
    }

    public void register(Routes routes) {
        routes.get("/console/events", Routes.Access.SIGNED_IN, this::events)
                .get("/console/who-sent", Routes.Access.SIGNED_IN, this::whoSent);
    }

    private Reply events(WebRequest request) {
        Caller caller = ConsolePages.operator(request);
        EventQuery query = EventQuery.latest(EVENTS_SHOWN);
        FormErrors errors = FormErrors.NONE;
        if (!request.field("call").isEmpty()) {
            query = query.call(request.field("call"));
        }
        if (!request.field("person").isEmpty()) {
            String person = request.field("person");
            var found = plc.persons().person(caller, person.matches("[0-9]{1,18}")
                    ? PersonRef.of(Long.parseLong(person)) : PersonRef.of(person));
            if (found.isPresent()) {
                query = query.byPerson(found.get().personId());
            } else {
                errors = errors.and("person", "No account has this address or id.");
            }
        }
        if (!request.field("type").isEmpty()) {
            var type = ObjectType.fromWireName(request.field("type"));
            if (type.isEmpty()) {
                errors = errors.and("type", "Choose a kind of object from the list.");
            } else {
                OptionalLong id = request.longField("object");
                query = id.isPresent() ? query.about(type.get(), id.getAsLong()) : query.about(type.get());
            }
        } else if (!request.field("object").isEmpty()) {
            errors = errors.and("type", "Say what kind of object the id is.");
        }
        List<EventRow> rows = new ArrayList<>();
        if (errors.isEmpty()) {
            Map<Long, String> people = new HashMap<>();
            for (EventRecord event : plc.events().events(caller, query)) {
                String who = event.personId().map(id -> people.computeIfAbsent(id, key -> plc.persons()
                        .person(caller, PersonRef.of(key)).map(PersonDetails::email).orElse("person " + key)))
                        .or(() -> event.nodeId().map(id -> "node " + id)).orElse(event.authType());
                rows.add(EventRow.of(event, who));
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", request.frame("Event log"));
        parameters.put("events", rows);
        parameters.put("types", Arrays.stream(ObjectType.values()).map(ObjectType::wireName).sorted().toList());
        parameters.put("form", request.fields());
        parameters.put("errors", errors);
        return Reply.page(errors.isEmpty() ? 200 : 400, "console-events.jte", parameters);
    }

    private Reply whoSent(WebRequest request) {
        Caller caller = request.caller();
        ApiRules.require(caller, "WhoSentThis");
        long now = plc.mutations().now();
        Map<String, String> form = new LinkedHashMap<>(request.fields());
        form.putIfAbsent("from", MINUTES.format(LocalDateTime.ofEpochSecond(now - 86_400, 0, ZoneOffset.UTC)));
        form.putIfAbsent("until", MINUTES.format(LocalDateTime.ofEpochSecond(now + 60, 0, ZoneOffset.UTC)));
        FormErrors errors = FormErrors.NONE;
        List<FlowRow> flows = List.of();
        List<SliceContacts.Contact> contacts = List.of();
        String address = request.field("address");
        if (!address.isEmpty()) {
            OptionalLong from = minutes(form.get("from"));
            OptionalLong until = minutes(form.get("until"));
            OptionalInt port = OptionalInt.empty();
            if (from.isEmpty()) {
                errors = errors.and("from", "Give a date and time, e.g. 2026-12-01T14:30 (UTC).");
            }
            if (until.isEmpty()) {
                errors = errors.and("until", "Give a date and time, e.g. 2026-12-01T15:30 (UTC).");
            }
            if (!request.field("port").isEmpty()) {
                OptionalLong value = request.longField("port");
                if (value.isEmpty() || value.getAsLong() < 0 || value.getAsLong() > 65_535) {
                    errors = errors.and("port", "A port is a number from 0 to 65535.");
                } else {
                    port = OptionalInt.of((int) value.getAsLong());
                }
            }
            if (errors.isEmpty()) {
                try {
                    FlowQueries.Question question = new FlowQueries.Question(address, from.getAsLong(),
                            until.getAsLong(), port, OptionalInt.empty(), OptionalInt.empty(), FLOWS_SHOWN);
                    FlowQueries.WhoSent answer = plc.database().read(handle ->
                            plc.audit().queries().whoSentThis(handle, caller, question));
                    Map<Long, String> hostnames = new HashMap<>();
                    plc.nodes().nodes(NodeFilter.all(Page.MAX_LIMIT))
                            .forEach(node -> hostnames.put(node.nodeId(), node.hostname()));
                    flows = answer.flows().stream().map(flow -> FlowRow.of(flow, hostnames)).toList();
                    contacts = answer.slices();
                } catch (PlanetLabException e) {
                    if (e.code().category() != ErrorCategory.USER_ERROR) {
                        throw e;
                    }
                    errors = FormErrors.from(e, java.util.Set.of("address", "from", "until", "port"));
                }
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", request.frame("Who sent this?"));
        parameters.put("form", form);
        parameters.put("asked", !address.isEmpty() && errors.isEmpty());
        parameters.put("flows", flows);
        parameters.put("contacts", contacts);
        parameters.put("errors", errors);
        return Reply.page(errors.isEmpty() ? 200 : 400, "console-who-sent.jte", parameters);
    }

    /** A {@code datetime-local} value, read as UTC. */
    private static OptionalLong minutes(String value) {
        try {
            return OptionalLong.of(LocalDateTime.parse(value == null ? "" : value.strip(), MINUTES)
                    .toEpochSecond(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }
}
