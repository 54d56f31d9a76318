package org.planetlab.api.wire;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Decodes JSON documents into the neutral value model of {@link WireValues} and encodes neutral
 * values as JSON, streaming both ways (no intermediate tree). Duplicate object keys, trailing
 * content, non-finite numbers and integers beyond 64 bits are refused; {@link WireLimits} bound
 * size, depth and the number of values.
 */
public final class JsonCodec {
    private static final int MAX_NUMBER_DIGITS = 400;
    private final WireLimits limits;
    private final JsonFactory factory;

    public JsonCodec(WireLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxBytes())
                        .maxNumberLength(MAX_NUMBER_DIGITS)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Jackson's default pool keeps buffers per thread; a server's requests each run on
                // a virtual thread of their own, so every request allocated its buffers anew.
                .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                .build();
    }

    public JsonCodec() {
        this(WireLimits.DEFAULT);
    }

    /** Decodes one JSON document. */
    public Object read(byte[] body) {
        if (body.length > limits.maxBytes()) {
            throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE,
                    "the JSON document has %d bytes; the limit is %d".formatted(body.length, limits.maxBytes()));
        }
        // Strictly UTF-8 first: the parser itself would read an overlong form such as C0 AF as "/".
        String text = strictUtf8(body);
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw malformed("the document is empty");
            }
            int[] items = {0};
            Object value = value(parser, first, items);
            if (parser.nextToken() != null) {
                throw malformed("content after the JSON value" + location(parser));
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE, "the JSON document exceeds a limit: "
                    + JsonParserMessages.limit(e.getOriginalMessage(), limits, MAX_NUMBER_DIGITS), e);
        } catch (JsonProcessingException e) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "invalid JSON: " + JsonParserMessages.syntax(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line %d, column %d)".formatted(e.getLocation().getLineNr(),
                    e.getLocation().getColumnNr())), e);
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST,
                    "invalid JSON: " + JsonParserMessages.syntax(e.getMessage()), e);
        }
    }

    private static String strictUtf8(byte[] body) {
        ByteBuffer bytes = ByteBuffer.wrap(body);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw malformed("the document is not valid UTF-8 (a malformed or overlong byte sequence near byte " + bytes.position() + ")");
        }
    }

    private Object value(JsonParser parser, JsonToken token, int[] items) throws IOException {
        if (++items[0] > limits.maxItems()) {
            throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE,
                    "the document holds more than %d values".formatted(limits.maxItems()));
        }
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> real(parser);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(value(parser, next, items));
                }
                yield list;
            }
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    map.put(name, value(parser, parser.nextToken(), items));
                }
                yield map;
            }
            default -> throw malformed("unexpected " + token + location(parser));
        };
    }

    private static Object integer(JsonParser parser) throws IOException {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            BigInteger big = parser.getBigIntegerValue();
            throw malformed("the integer " + abbreviate(big.toString()) + " does not fit in 64 bits");
        }
        return parser.getLongValue();
    }

    private static Object real(JsonParser parser) throws IOException {
        double value = parser.getDoubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw malformed("the number " + abbreviate(parser.getText()) + " is out of range");
        }
        return value;
    }

    /** Encodes a neutral value as compact JSON. */
    public byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        writeTo(out, value);
        return out.toByteArray();
    }

    /** Encodes a neutral value as indented JSON, for people to read. */
    public String writePretty(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.useDefaultPrettyPrinter();
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode as JSON", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Encodes a neutral value as compact JSON onto {@code out}, which is left open. */
    public void writeTo(OutputStream out, Object value) {
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode as JSON", e);
        }
    }

    // Tested in the order values occur in large answers (strings, then containers, then numbers).
    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = entry.getKey();
                generator.writeFieldName(key instanceof String name ? name : String.valueOf(key));
                write(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object element : list) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else {
            writeOther(generator, value);
        }
    }

    private static void writeOther(JsonGenerator generator, Object value) throws IOException {
        switch (value) {
            case null -> generator.writeNull();
            case Integer number -> generator.writeNumber(number);
            case Double number -> {
                if (number.isNaN() || number.isInfinite()) {
                    throw new IllegalArgumentException("JSON cannot carry the double " + number);
                }
                generator.writeNumber(number);
            }
            case Boolean bool -> generator.writeBoolean(bool);
            case byte[] bytes -> generator.writeString(Base64.getEncoder().encodeToString(bytes));
            case Instant instant -> generator.writeString(instant.toString());
            default -> throw new IllegalArgumentException("JSON cannot carry a " + value.getClass().getName());
        }
    }

    private static String location(JsonParser parser) {
        var location = parser.currentLocation();
        return location == null ? "" : " (line %d, column %d)".formatted(location.getLineNr(), location.getColumnNr());
    }

    private static PlanetLabException malformed(String message) {
        return new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "invalid JSON: " + message);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
