package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Param;
import org.planetlab.api.schema.Filter;
import org.planetlab.api.slice.LegacySliceAttributeApi;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;

/**
 * PLCAPI 4.2's slice attribute calls. Each runs the handler of the method it stands for, in the
 * alias's own transaction (the event log names the call the script made), with the 4.2 field
 * names turned into the current ones on the way in and back on the way out.
 */
public final class LegacySliceAttributeMethods {
    private final MethodRegistry registry;

    public LegacySliceAttributeMethods(MethodRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    public void register() {
        LegacySliceAttributeApi.ALIASES.forEach((alias, method) -> {
            Map<String, String> oldNames = method.contains("TagType") ? LegacySliceAttributeApi.TYPE_NAMES
                    : LegacySliceAttributeApi.ATTRIBUTE_NAMES;
            registry.bind(alias, call -> delegate(call, method, oldNames));
        });
    }

    private Object delegate(Call call, String method, Map<String, String> oldNames) {
        Map<String, String> currentNames = new HashMap<>();
        oldNames.forEach((current, old) -> currentNames.put(old, current));
        MethodSpec spec = MethodCatalog.lookup(method).orElseThrow();
        List<Object> args = new ArrayList<>();
        for (int index = 0; index < spec.params().size(); index++) {
            Param param = spec.params().get(index);
            Object arg = call.arg(index);
            args.add(switch (arg) {
                case Filter filter -> renamed(filter, currentNames);
                case Map<?, ?> struct -> param.type().check(renamed(struct, currentNames, null), param.name());
                case List<?> list when param.name().equals("return_fields") ->
                        list.stream().map(field -> currentNames.getOrDefault((String) field, (String) field)).toList();
                case null, default -> arg;
            });
        }
        Call inner = spec.mutates() ? new Call(spec, args, call.mutation(), call.request())
                : new Call(spec, call.caller(), args, call.lazyDb(), call.now(), call.request());
        Object result = registry.handler(method).orElseThrow().handle(inner);
        if (result instanceof List<?> rows) {
            // A slice attribute of 4.2 had no slice name: its name was the attribute's.
            String dropped = method.equals("GetSliceTags") ? "name" : null;
            return rows.stream().map(row -> renamed((Map<?, ?>) row, oldNames, dropped)).toList();
        }
        return result;
    }

    private static Map<String, Object> renamed(Map<?, ?> struct, Map<String, String> names, String dropped) {
        Map<String, Object> renamed = new LinkedHashMap<>();
        struct.forEach((key, value) -> {
            if (!key.equals(dropped)) {
                renamed.put(names.getOrDefault((String) key, (String) key), value);
            }
        });
        return renamed;
    }

    private static Filter renamed(Filter filter, Map<String, String> names) {
        List<Filter.Condition> conditions = filter.conditions().stream()
                .map(condition -> new Filter.Condition(names.getOrDefault(condition.field(), condition.field()),
                        condition.comparison(), condition.negated(), condition.values()))
                .toList();
        List<Filter.SortKey> sort = filter.sort().stream()
                .map(key -> new Filter.SortKey(names.getOrDefault(key.field(), key.field()), key.descending()))
                .toList();
        return new Filter(filter.ids(), filter.names(), conditions, filter.matchAny(), sort, filter.offset(),
                filter.limit());
    }
}
