package org.planetlab.cli.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.planetlab.api.wire.JsonCodec;

/** Reads what {@code pl --json} printed back into values, as a script would. */
public final class Json {
    private static final JsonCodec CODEC = new JsonCodec();

    private Json() {}

    public static Object parse(String text) {
        return CODEC.read(text.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rows(String text) {
        return (List<Map<String, Object>>) parse(text);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> struct(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
