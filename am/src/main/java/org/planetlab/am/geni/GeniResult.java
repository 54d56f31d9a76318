package org.planetlab.am.geni;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one shape of every AM API v3 answer: {@code {code: {geni_code, am_type, am_code}, value,
 * output}}. On success {@code output} is empty; on failure {@code value} is an empty string (the
 * specification leaves it open; clients read {@code output}) and {@code output} says why.
 */
public final class GeniResult {
    /** This aggregate's {@code am_type}. */
    public static final String AM_TYPE = "planetlab";

    private GeniResult() {
    }

    public static Map<String, Object> success(Object value) {
        return answer(GeniCode.SUCCESS, requireNonNull(value, "value is null"), "");
    }

    public static Map<String, Object> failure(GeniCode code, String output) {
        return answer(code, "", output);
    }

    private static Map<String, Object> answer(GeniCode code, Object value, String output) {
        Map<String, Object> codeStruct = new LinkedHashMap<>();
        codeStruct.put("geni_code", code.number());
        codeStruct.put("am_type", AM_TYPE);
        codeStruct.put("am_code", code.number());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("code", codeStruct);
        answer.put("value", value);
        answer.put("output", output);
        return answer;
    }
}
