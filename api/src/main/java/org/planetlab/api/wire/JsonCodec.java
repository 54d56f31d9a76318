package org.planetlab.api.wire;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Decodes JSON documents into the neutral value model of {@link WireValues} and encodes neutral
 * values as JSON. Duplicate object keys, trailing content, non-finite numbers and integers
 * beyond 64 bits are refused; {@link WireLimits} bound size and depth.
 */
public final class JsonCodec {
    private final WireLimits limits;
    private final ObjectMapper mapper;

    public JsonCodec(WireLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxBytes())
                        .maxNumberLength(400)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
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
        JsonNode tree;
        try (JsonParser parser = mapper.createParser(body)) {
            tree = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                throw malformed("content after the JSON value");
            }
        } catch (StreamConstraintsException e) {
            throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE, "the JSON document exceeds a limit: "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "invalid JSON: " + firstLine(e.getOriginalMessage())
                    + location(e), e);
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "invalid JSON: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw malformed("the document is empty");
        }
        int[] items = {0};
        return toNeutral(tree, items);
    }

    /** Encodes a neutral value as compact JSON. */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(toJsonFriendly(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The mapper, configured as this codec's, for callers that build JSON trees. */
    public ObjectMapper mapper() {
        return mapper;
    }

    private Object toNeutral(JsonNode node, int[] items) {
        if (++items[0] > limits.maxItems()) {
            throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE,
                    "the document holds more than %d values".formatted(limits.maxItems()));
        }
        return switch (node.getNodeType()) {
            case NULL -> null;
            case BOOLEAN -> node.booleanValue();
            case STRING -> node.textValue();
            case NUMBER -> number(node);
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(toNeutral(element, items));
                }
                yield list;
            }
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    map.put(field.getKey(), toNeutral(field.getValue(), items));
                }
                yield map;
            }
            default -> throw malformed("unsupported JSON value " + node.getNodeType());
        };
    }

    private static Object number(JsonNode node) {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw malformed("the integer " + abbreviate(node.asText()) + " does not fit in 64 bits");
            }
            return node.longValue();
        }
        double value = node.doubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw malformed("the number " + abbreviate(node.asText()) + " is out of range");
        }
        return value;
    }

    private static Object toJsonFriendly(Object value) {
        return switch (value) {
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case Instant instant -> instant.toString();
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                for (Object element : list) {
                    copy.add(toJsonFriendly(element));
                }
                yield copy;
            }
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((key, element) -> copy.put(String.valueOf(key), toJsonFriendly(element)));
                yield copy;
            }
            case null, default -> value;
        };
    }

    private static PlanetLabException malformed(String message) {
        return new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "invalid JSON: " + message);
    }

    private static String location(JsonProcessingException e) {
        if (e.getLocation() == null) {
            return "";
        }
        return " (line %d, column %d)".formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
