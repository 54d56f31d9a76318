package org.planetlab.api.message;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * Message templates, named by message_id, as the original PLCAPI kept them. They are stored and
 * served to the tools that read them; PLC's own mails (account verification, password resets,
 * notices) keep their built-in texts and do not read these.
 */
public final class MessageApi {
    private MessageApi() {}

    public static final StringType MESSAGE_ID = StringType.nonEmpty(254);

    public static final StructType MESSAGE = StructType.of("Message",
            writable("message_id", MESSAGE_ID, "Message identifier"),
            writable("subject", new NullableType(StringType.max(65_536)), "Message summary"),
            writable("template", new NullableType(StringType.max(65_536)), "Message template"),
            writable("enabled", BoolType.INSTANCE, "Message is enabled"));

    private static final String NOT_USED = " PLC's own mails keep their built-in texts; templates are kept for the"
            + " tools that read them.";

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddMessage").roles(ADMIN).mutates()
                    .param("message_fields", MESSAGE.requiring("message_id"), "the message")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Adds a new message template. Unless given, it is enabled." + NOT_USED)
                    .build(),
            MethodSpec.builder("GetMessages").roles(ADMIN, NODE)
                    .optionalParam("message_filter", new FilterType(MESSAGE, "message_id", "message_id"),
                            "message_ids or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(MESSAGE), "the matching messages")
                    .help("Returns an array of structs containing details about message templates.")
                    .build(),
            MethodSpec.builder("UpdateMessage").roles(ADMIN).mutates()
                    .param("message_id", MESSAGE_ID, "the message")
                    .param("message_fields", MESSAGE.only("subject", "template", "enabled"), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Updates the subject, template or enabled state of a message template.")
                    .build(),
            MethodSpec.builder("DeleteMessage").roles(ADMIN).mutates()
                    .param("message_id", MESSAGE_ID, "the message")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a message template.")
                    .build());
}
