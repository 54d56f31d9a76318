package org.planetlab.node.audit.page;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.audit.SliceContact;

/**
 * The page's JSON answer to a query, written field by field with Jackson's generator into the
 * bytes that go on the wire: no tree of the whole answer and no string of it is built, and each
 * slice's contacts are put in wire form once per answer rather than once per flow (a busy
 * address's answer has dozens of flows from a few slices).
 */
final class FlowAnswerJson {
    /** About what one flow with its slice takes in JSON, so the buffer rarely grows. */
    private static final int BYTES_PER_FLOW = 640;

    private final ObjectMapper json;

    FlowAnswerJson(ObjectMapper json) {
        this.json = json;
    }

    /**
     * {@code {"node": ..., "contacts_available": ..., "flows": [{flow's wire fields..., "slice": contacts or null}]}}
     */
    byte[] encode(String hostname, boolean contactsAvailable, List<FlowRecord> flows, Map<Integer, SliceContact> known) {
        Map<Integer, Map<String, Object>> slices = new HashMap<>();
        known.forEach((sliceId, contact) -> slices.put(sliceId, contact.toWire()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + flows.size() * BYTES_PER_FLOW);
        try (JsonGenerator generator = json.createGenerator(bytes)) {
            generator.writeStartObject();
            generator.writeStringField("node", hostname);
            generator.writeBooleanField("contacts_available", contactsAvailable);
            generator.writeArrayFieldStart("flows");
            for (FlowRecord flow : flows) {
                generator.writeStartObject();
                for (Map.Entry<String, Object> field : FlowWire.toWire(flow).entrySet()) {
                    generator.writeObjectField(field.getKey(), field.getValue());
                }
                generator.writeObjectField("slice", slices.get(flow.sliceId()));
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the page's answer as JSON", e);
        }
        return bytes.toByteArray();
    }
}
