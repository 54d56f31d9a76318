package org.planetlab.api.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Methods of the original PLCAPI that this PLC does not offer, each with why and what to use
 * instead. A call of one is answered with a fault carrying that text, so that a script written
 * for the original learns what to change; they are not listed by {@code system.listMethods}. Every
 * method of the original is served today, so the table is empty; it stays so that a method dropped
 * later still answers with why.
 */
public final class RetiredMethods {
    private static final Map<String, String> REASONS = build();

    private RetiredMethods() {}

    private static Map<String, String> build() {
        Map<String, String> reasons = new LinkedHashMap<>();
        return Collections.unmodifiableMap(reasons);
    }

    /** Why {@code name} is not offered and what to use instead; empty for any other name. */
    public static Optional<String> reason(String name) {
        return Optional.ofNullable(REASONS.get(name));
    }

    /** Every retired method with its reason. */
    public static Map<String, String> all() {
        return REASONS;
    }
}
