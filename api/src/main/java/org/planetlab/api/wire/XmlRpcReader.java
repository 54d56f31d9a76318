package org.planetlab.api.wire;

import static java.util.Objects.requireNonNull;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A strict XML-RPC decoder. It accepts exactly the XML-RPC grammar (plus the common {@code nil}
 * and {@code i8} extensions), refuses any document type declaration or entity other than the
 * predefined ones, and enforces {@link WireLimits}. Every refusal is a
 * {@link PlanetLabException} with code {@link ErrorCode#MALFORMED_REQUEST} (or
 * {@link ErrorCode#REQUEST_TOO_LARGE}) whose message says what was wrong and where.
 */
public final class XmlRpcReader {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,20}");
    private static final Pattern DOUBLE = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?");
    private static final DateTimeFormatter BASIC_DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss");
    private static final XMLInputFactory FACTORY = createFactory();

    private final WireLimits limits;

    public XmlRpcReader(WireLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    public XmlRpcReader() {
        this(WireLimits.DEFAULT);
    }

    /** Decodes a {@code methodCall} document. */
    public XmlRpcCall readCall(byte[] body) {
        return new Parse(body).call();
    }

    /** Decodes a {@code methodResponse} document. */
    public XmlRpcResponse readResponse(byte[] body) {
        return new Parse(body).response();
    }

    private static XMLInputFactory createFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /** State of one decoding: the reader, the current depth and the number of values seen. */
    private final class Parse {
        private final byte[] body;
        private XMLStreamReader reader;
        private int depth;
        private int items;

        Parse(byte[] body) {
            this.body = requireNonNull(body, "body is null");
        }

        XmlRpcCall call() {
            return run(() -> {
                expectStart("methodCall");
                expectStart("methodName");
                String methodName = readText().strip();
                if (methodName.isEmpty()) {
                    throw malformed("methodName is empty");
                }
                List<Object> params = new ArrayList<>();
                int event = nextSignificant();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    requireName("params");
                    params = readParams();
                    expectEnd("methodCall");
                } else {
                    requireEnd("methodCall");
                }
                expectEndOfDocument();
                return new XmlRpcCall(methodName, params);
            });
        }

        XmlRpcResponse response() {
            return run(() -> {
                expectStart("methodResponse");
                expectStart(null);
                XmlRpcResponse response;
                if (reader.getLocalName().equals("params")) {
                    List<Object> params = readParams();
                    if (params.size() != 1) {
                        throw malformed("a methodResponse must hold exactly one param, found " + params.size());
                    }
                    response = new XmlRpcResponse.Success(params.getFirst());
                } else if (reader.getLocalName().equals("fault")) {
                    expectStart("value");
                    Object value = readValueBody();
                    expectEnd("fault");
                    response = fault(value);
                } else {
                    throw malformed("expected <params> or <fault> but found <" + reader.getLocalName() + ">");
                }
                expectEnd("methodResponse");
                expectEndOfDocument();
                return response;
            });
        }

        private XmlRpcResponse fault(Object value) throws XMLStreamException {
            if (value instanceof Map<?, ?> struct
                    && struct.get("faultCode") instanceof Long code
                    && struct.get("faultString") instanceof String text) {
                Optional<String> errorCode = struct.get(XmlRpcFaults.CODE_MEMBER) instanceof String name
                        ? Optional.of(name) : Optional.empty();
                return new XmlRpcResponse.Fault(code.intValue(), text, errorCode);
            }
            throw malformed("a fault must be a struct with an integer faultCode and a string faultString");
        }

        private <T> T run(Body<T> action) {
            if (body.length > limits.maxBytes()) {
                throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE,
                        "the XML-RPC document has %d bytes; the limit is %d".formatted(body.length, limits.maxBytes()));
            }
            try {
                reader = FACTORY.createXMLStreamReader(new StringReader(XmlText.decode(body)));
                try {
                    return action.run();
                } finally {
                    reader.close();
                }
            } catch (XMLStreamException e) {
                XmlParserMessages.Refusal refusal = XmlParserMessages.translate(e.getMessage());
                throw new PlanetLabException(refusal.code(), "not well-formed XML: " + refusal.reason(), e);
            } catch (PlanetLabException e) {
                throw e;
            } catch (RuntimeException e) {
                // The JDK parser reports some malformed input (e.g. control bytes in a DOCTYPE)
                // with unchecked exceptions; they are still the sender's mistake.
                throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST,
                        "not well-formed XML: the parser could not read it", e);
            }
        }

        private List<Object> readParams() throws XMLStreamException {
            List<Object> params = new ArrayList<>();
            while (nextSignificant() == XMLStreamConstants.START_ELEMENT) {
                requireName("param");
                expectStart("value");
                params.add(readValueBody());
                expectEnd("param");
            }
            requireEnd("params");
            return params;
        }

        /** Reads what follows a {@code <value>} start tag, through its end tag. */
        private Object readValueBody() throws XMLStreamException {
            countItem();
            StringBuilder text = new StringBuilder();
            while (true) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(reader.getText());
                    case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                    case XMLStreamConstants.END_ELEMENT -> {
                        // <value>text</value> without a type element is a string.
                        return text.toString();
                    }
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (!text.toString().isBlank()) {
                            throw malformed("text next to a type element inside <value>");
                        }
                        Object value = readTyped(reader.getLocalName());
                        expectEnd("value");
                        return value;
                    }
                    default -> throw unexpected(event);
                }
            }
        }

        private Object readTyped(String type) throws XMLStreamException {
            return switch (type) {
                case "i4", "int" -> parseInteger(type, readText(), Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "i8" -> parseInteger(type, readText(), Long.MIN_VALUE, Long.MAX_VALUE);
                case "boolean" -> parseBoolean(readText());
                case "string" -> readText();
                case "double" -> parseDouble(readText());
                case "dateTime.iso8601" -> parseDateTime(readText());
                case "base64" -> parseBase64(readText());
                case "nil" -> {
                    if (!readText().isBlank()) {
                        throw malformed("<nil/> must be empty");
                    }
                    yield null;
                }
                case "struct" -> readStruct();
                case "array" -> readArray();
                default -> throw malformed("unknown value type <" + type + ">");
            };
        }

        private Map<String, Object> readStruct() throws XMLStreamException {
            enter();
            Map<String, Object> struct = new LinkedHashMap<>();
            while (nextSignificant() == XMLStreamConstants.START_ELEMENT) {
                requireName("member");
                expectStart("name");
                String name = readText();
                expectStart("value");
                Object value = readValueBody();
                expectEnd("member");
                if (struct.containsKey(name)) {
                    throw malformed("the struct member \"" + name + "\" appears twice");
                }
                struct.put(name, value);
            }
            requireEnd("struct");
            depth--;
            return struct;
        }

        private List<Object> readArray() throws XMLStreamException {
            enter();
            expectStart("data");
            List<Object> values = new ArrayList<>();
            while (nextSignificant() == XMLStreamConstants.START_ELEMENT) {
                requireName("value");
                values.add(readValueBody());
            }
            requireEnd("data");
            expectEnd("array");
            depth--;
            return values;
        }

        private void enter() {
            if (++depth > limits.maxDepth()) {
                throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE,
                        "values are nested more than %d deep".formatted(limits.maxDepth()));
            }
        }

        private void countItem() {
            if (++items > limits.maxItems()) {
                throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE,
                        "the document holds more than %d values".formatted(limits.maxItems()));
            }
        }

        private Long parseInteger(String type, String text, long min, long max) {
            String digits = text.strip();
            if (!INTEGER.matcher(digits).matches()) {
                throw malformed("<" + type + "> holds \"" + abbreviate(text) + "\", which is not an integer");
            }
            try {
                long value = Long.parseLong(digits);
                if (value < min || value > max) {
                    throw malformed("<" + type + "> value " + digits + " is out of range");
                }
                return value;
            } catch (NumberFormatException e) {
                throw malformed("<" + type + "> value " + digits + " is out of range");
            }
        }

        private Boolean parseBoolean(String text) {
            return switch (text.strip()) {
                case "1" -> true;
                case "0" -> false;
                default -> throw malformed("<boolean> must be 0 or 1, found \"" + abbreviate(text) + "\"");
            };
        }

        private Double parseDouble(String text) {
            String digits = text.strip();
            if (!DOUBLE.matcher(digits).matches()) {
                throw malformed("<double> holds \"" + abbreviate(text) + "\", which is not a finite number");
            }
            double value = Double.parseDouble(digits);
            if (Double.isInfinite(value)) {
                throw malformed("<double> value " + digits + " is out of range");
            }
            return value;
        }

        private Instant parseDateTime(String text) {
            String value = text.strip();
            try {
                return LocalDateTime.parse(value, BASIC_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException basicFailed) {
                try {
                    return OffsetDateTime.parse(value).toInstant();
                } catch (DateTimeParseException isoFailed) {
                    try {
                        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
                    } catch (DateTimeParseException e) {
                        throw malformed("<dateTime.iso8601> holds \"" + abbreviate(text)
                                + "\"; expected YYYYMMDDThh:mm:ss");
                    }
                }
            }
        }

        private byte[] parseBase64(String text) {
            StringBuilder compact = new StringBuilder(text.length());
            text.chars().filter(c -> !Character.isWhitespace(c)).forEach(c -> compact.append((char) c));
            try {
                return Base64.getDecoder().decode(compact.toString());
            } catch (IllegalArgumentException e) {
                throw malformed("<base64> is not valid base64: " + e.getMessage());
            }
        }

        /** Reads character data up to the end tag of the current element; no child elements. */
        private String readText() throws XMLStreamException {
            String name = reader.getLocalName();
            StringBuilder text = new StringBuilder();
            while (true) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(reader.getText());
                    case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                    case XMLStreamConstants.END_ELEMENT -> {
                        return text.toString();
                    }
                    case XMLStreamConstants.START_ELEMENT ->
                            throw malformed("<" + name + "> may hold only text, found <" + reader.getLocalName() + ">");
                    default -> throw unexpected(event);
                }
            }
        }

        /** Advances past whitespace, comments and processing instructions. */
        private int nextSignificant() throws XMLStreamException {
            while (true) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION,
                            XMLStreamConstants.SPACE -> { }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!reader.isWhiteSpace() && !reader.getText().isBlank()) {
                            throw malformed("unexpected text \"" + abbreviate(reader.getText()) + "\"");
                        }
                    }
                    case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT,
                            XMLStreamConstants.END_DOCUMENT -> {
                        return event;
                    }
                    default -> throw unexpected(event);
                }
            }
        }

        private void expectStart(String name) throws XMLStreamException {
            int event = nextSignificant();
            if (event != XMLStreamConstants.START_ELEMENT) {
                throw malformed("expected <" + (name == null ? "element" : name) + "> but found " + describeEvent(event));
            }
            if (name != null) {
                requireName(name);
            }
        }

        private void expectEnd(String name) throws XMLStreamException {
            int event = nextSignificant();
            if (event != XMLStreamConstants.END_ELEMENT) {
                throw malformed("expected </" + name + "> but found " + describeEvent(event));
            }
            requireEnd(name);
        }

        private void requireName(String name) {
            if (!reader.getLocalName().equals(name)) {
                throw malformed("expected <" + name + "> but found <" + reader.getLocalName() + ">");
            }
        }

        private void requireEnd(String name) {
            if (reader.getEventType() != XMLStreamConstants.END_ELEMENT || !reader.getLocalName().equals(name)) {
                throw malformed("expected </" + name + "> but found " + describeEvent(reader.getEventType()));
            }
        }

        private void expectEndOfDocument() throws XMLStreamException {
            int event = nextSignificant();
            if (event != XMLStreamConstants.END_DOCUMENT) {
                throw malformed("content after the document element");
            }
        }

        private PlanetLabException unexpected(int event) {
            if (event == XMLStreamConstants.DTD) {
                return malformed("a DOCTYPE declaration is not allowed");
            }
            if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                return malformed("entity references other than the predefined ones are not allowed");
            }
            return malformed("unexpected " + describeEvent(event));
        }

        private String describeEvent(int event) {
            return switch (event) {
                case XMLStreamConstants.START_ELEMENT -> "<" + reader.getLocalName() + ">";
                case XMLStreamConstants.END_ELEMENT -> "</" + reader.getLocalName() + ">";
                case XMLStreamConstants.END_DOCUMENT -> "the end of the document";
                case XMLStreamConstants.DTD -> "a DOCTYPE declaration";
                case XMLStreamConstants.ENTITY_REFERENCE -> "an entity reference";
                default -> "XML event " + event;
            };
        }

        private PlanetLabException malformed(String message) {
            Location location = reader == null ? null : reader.getLocation();
            String where = location == null ? "" : " (line %d, column %d)".formatted(
                    location.getLineNumber(), location.getColumnNumber());
            return new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "invalid XML-RPC: " + message + where);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws XMLStreamException;
    }
}
