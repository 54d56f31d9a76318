package org.planetlab.api.notify;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.StringType;

/** Mail to persons and to support, sent through PLC's mail server. */
public final class NotifyApi {
    private NotifyApi() {}

    /** One line: a line break would let the subject add mail headers of its own. */
    public static final StringType SUBJECT = StringType.matching(998, "[^\\r\\n]+", "one line of text");
    public static final StringType BODY = StringType.max(256 * 1024);

    /**
     * How NotifyPersons' persons are chosen. The argument stays as sent until the method reads it
     * with this type, so that the event log records it as the caller wrote it.
     */
    public static final FilterType PERSON_FILTER = new FilterType(PersonApi.PERSON, "person_id", "email");

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("NotifyPersons").roles(ADMIN, NODE).mutates()
                    .param("person_filter", new AnyType("an array of person_ids and addresses or a struct of"
                            + " conditions", List.of("array", "struct")),
                            "person_ids, addresses or a struct of conditions")
                    .param("subject", SUBJECT, "the subject")
                    .param("body", BODY, "the text")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Mails the matching persons, in one message; fails when none matches or no mail server is"
                            + " configured. The event log records the subject and the recipients.")
                    .build(),
            MethodSpec.builder("NotifySupport").roles(ADMIN).mutates()
                    .param("subject", SUBJECT, "the subject")
                    .param("body", BODY, "the text")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Mails PLC's support address (mail.support); fails when none is configured.")
                    .build());
}
