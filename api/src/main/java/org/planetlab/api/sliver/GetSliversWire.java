package org.planetlab.api.sliver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The one mapping between GetSlivers' typed answer and its PLCAPI wire form (a struct, the same
 * over XML-RPC and JSON). PLC writes with it and nodes read with it; the field names below are
 * PLCAPI's and must not change.
 *
 * <p>Written maps keep a fixed field order: PLC hashes a view's wire form into its version.
 */
public final class GetSliversWire {
    public static final String VERSION = "version";
    public static final String UNCHANGED = "unchanged";
    public static final String TIMESTAMP = "timestamp";
    public static final String NODE_ID = "node_id";
    public static final String HOSTNAME = "hostname";
    public static final String INTERFACES = "interfaces";
    public static final String GROUPS = "groups";
    public static final String CONF_FILES = "conf_files";
    public static final String INIT_SCRIPTS = "initscripts";
    public static final String ACCOUNTS = "accounts";
    public static final String SLIVERS = "slivers";
    /** Not PLCAPI's: the slices stopped anywhere, {all: boolean, slices: [hrn]}; absent means none. */
    public static final String STOPS = "stops";
    public static final String ALL = "all";
    public static final String SLICES = "slices";
    /** Not PLCAPI's: the naming authorities PLC names slices under, [hrn], its own first; absent means none. */
    public static final String NAMING_AUTHORITIES = "naming_authorities";

    public static final String NAME = "name";
    public static final String HRN = "hrn";
    public static final String SLICE_ID = "slice_id";
    public static final String INSTANTIATION = "instantiation";
    public static final String STATE = "state";
    public static final String EXPIRES = "expires";
    public static final String KEYS = "keys";
    public static final String ATTRIBUTES = "attributes";
    public static final String RSPEC = "rspec";

    public static final String KEY_TYPE = "key_type";
    public static final String KEY = "key";
    public static final String TAGNAME = "tagname";
    public static final String VALUE = "value";

    private GetSliversWire() {}

    // ---- writing (PLC) ----

    public static Map<String, Object> toWire(GetSliversAnswer answer) {
        return switch (answer) {
            case GetSliversAnswer.Unchanged unchanged -> unchanged(unchanged.version());
            case GetSliversAnswer.Full full -> full(full.version(), full.timestamp(), toWire(full.view()));
        };
    }

    /** {version, unchanged: true}. */
    public static Map<String, Object> unchanged(String version) {
        Map<String, Object> wire = new LinkedHashMap<>(4);
        wire.put(VERSION, version);
        wire.put(UNCHANGED, true);
        return wire;
    }

    /** {version, timestamp, ...view}: {@code view} is a view's wire form, written once and reused. */
    public static Map<String, Object> full(String version, long timestamp, Map<String, Object> view) {
        Map<String, Object> wire = new LinkedHashMap<>(view.size() * 2 + 4);
        wire.put(VERSION, version);
        wire.put(TIMESTAMP, timestamp);
        wire.putAll(view);
        return wire;
    }

    /** A view's wire form. */
    public static Map<String, Object> toWire(NodeView view) {
        List<Object> slivers = new ArrayList<>(view.slivers().size());
        view.slivers().forEach(sliver -> slivers.add(toWire(sliver)));
        return withSlivers(withoutSlivers(view), slivers);
    }

    /** A view's wire form without its slivers, which PLC writes (and hashes) one slice at a time. */
    public static Map<String, Object> withoutSlivers(NodeView view) {
        Map<String, Object> wire = new LinkedHashMap<>(16);
        wire.put(NODE_ID, view.nodeId());
        wire.put(HOSTNAME, view.hostname());
        wire.put(INTERFACES, List.copyOf(view.interfaces()));
        wire.put(GROUPS, view.groups());
        wire.put(CONF_FILES, List.copyOf(view.confFiles()));
        wire.put(INIT_SCRIPTS, List.copyOf(view.initScripts()));
        List<Object> accounts = new ArrayList<>(view.accounts().size());
        for (NodeAccount account : view.accounts()) {
            Map<String, Object> entry = new LinkedHashMap<>(4);
            entry.put(NAME, account.name());
            entry.put(KEYS, keys(account.keys()));
            accounts.add(Collections.unmodifiableMap(entry));
        }
        wire.put(ACCOUNTS, Collections.unmodifiableList(accounts));
        Map<String, Object> stops = new LinkedHashMap<>(4);
        stops.put(ALL, view.stops().everySlice());
        stops.put(SLICES, view.stops().slices());
        wire.put(STOPS, Collections.unmodifiableMap(stops));
        ReservationsWire.write(view.reservations(), wire);
        wire.put(NAMING_AUTHORITIES, view.namingAuthorities());
        return wire;
    }

    /**
     * Completes {@link #withoutSlivers} with the slivers' wire forms, each {@link #toWire(Sliver)}
     * of the view's sliver at the same position.
     */
    public static Map<String, Object> withSlivers(Map<String, Object> withoutSlivers, List<Object> slivers) {
        Map<String, Object> wire = new LinkedHashMap<>(withoutSlivers);
        wire.put(SLIVERS, Collections.unmodifiableList(slivers));
        return Collections.unmodifiableMap(wire);
    }

    public static Map<String, Object> toWire(Sliver sliver) {
        Map<String, Object> wire = new LinkedHashMap<>(20);
        wire.put(NAME, sliver.name());
        wire.put(HRN, sliver.hrn());
        wire.put(SLICE_ID, sliver.sliceId());
        wire.put(INSTANTIATION, sliver.instantiation());
        wire.put(STATE, sliver.state());
        wire.put(EXPIRES, sliver.expires());
        wire.put(KEYS, keys(sliver.keys()));
        List<Object> attributes = new ArrayList<>(sliver.attributes().size());
        for (SliverAttribute attribute : sliver.attributes()) {
            Map<String, Object> entry = new LinkedHashMap<>(4);
            entry.put(TAGNAME, attribute.tagname());
            entry.put(VALUE, attribute.value());
            attributes.add(Collections.unmodifiableMap(entry));
        }
        wire.put(ATTRIBUTES, Collections.unmodifiableList(attributes));
        wire.put(RSPEC, sliver.rspec()); // already an unmodifiable copy in RSpec order
        return Collections.unmodifiableMap(wire);
    }

    private static List<Object> keys(List<SliverKey> keys) {
        List<Object> wire = new ArrayList<>(keys.size());
        for (SliverKey key : keys) {
            Map<String, Object> entry = new LinkedHashMap<>(4);
            entry.put(KEY_TYPE, key.keyType());
            entry.put(KEY, key.key());
            wire.add(Collections.unmodifiableMap(entry));
        }
        return Collections.unmodifiableList(wire);
    }

    // ---- reading (nodes) ----

    /**
     * Reads an answer as either side's codec decoded it.
     *
     * @throws PlanetLabException {@code MALFORMED_REQUEST} naming the field that is missing or of the wrong type
     */
    public static GetSliversAnswer fromWire(Object answer) {
        Map<?, ?> wire = struct(answer, "the answer");
        String version = string(wire, VERSION, "");
        if (Boolean.TRUE.equals(wire.get(UNCHANGED))) {
            return new GetSliversAnswer.Unchanged(version);
        }
        return new GetSliversAnswer.Full(version, number(wire, TIMESTAMP, ""), viewFromWire(wire));
    }

    public static NodeView viewFromWire(Map<?, ?> wire) {
        List<NodeAccount> accounts = new ArrayList<>();
        List<?> accountList = list(wire, ACCOUNTS, "");
        for (int index = 0; index < accountList.size(); index++) {
            String path = ACCOUNTS + "[" + index + "].";
            Map<?, ?> account = struct(accountList.get(index), path);
            accounts.add(new NodeAccount(string(account, NAME, path), keysFromWire(list(account, KEYS, path), path)));
        }
        List<Sliver> slivers = new ArrayList<>();
        List<?> sliverList = list(wire, SLIVERS, "");
        for (int index = 0; index < sliverList.size(); index++) {
            slivers.add(sliverFromWire(struct(sliverList.get(index), SLIVERS + "[" + index + "]"), SLIVERS + "[" + index + "]."));
        }
        List<String> groups = new ArrayList<>();
        list(wire, GROUPS, "").forEach(group -> groups.add(String.valueOf(group)));
        // Optional: authorities that keep no init scripts leave the list out.
        List<Map<String, Object>> initScripts = wire.containsKey(INIT_SCRIPTS)
                ? records(list(wire, INIT_SCRIPTS, ""), INIT_SCRIPTS) : List.of();
        return new NodeView(number(wire, NODE_ID, ""), string(wire, HOSTNAME, ""), records(list(wire, INTERFACES, ""), INTERFACES),
                groups, records(list(wire, CONF_FILES, ""), CONF_FILES), initScripts, accounts, slivers, stopsFromWire(wire),
                ReservationsWire.read(wire), namingAuthoritiesFromWire(wire));
    }

    /** An authority that sends no naming authorities names its slices only under the one the node knows it by. */
    private static List<String> namingAuthoritiesFromWire(Map<?, ?> wire) {
        if (wire.get(NAMING_AUTHORITIES) == null) {
            return List.of();
        }
        return strings(list(wire, NAMING_AUTHORITIES, ""), NAMING_AUTHORITIES);
    }

    /** A PLC that sends no stops has none in force beyond its slivers' states. */
    private static SliceStops stopsFromWire(Map<?, ?> wire) {
        if (wire.get(STOPS) == null) {
            return SliceStops.NONE;
        }
        Map<?, ?> stops = struct(wire.get(STOPS), STOPS);
        if (!(required(stops, ALL, STOPS + ".") instanceof Boolean all)) {
            throw malformed(STOPS + "." + ALL + " must be a boolean");
        }
        return new SliceStops(all, strings(list(stops, SLICES, STOPS + "."), STOPS + "." + SLICES));
    }

    private static List<String> strings(List<?> wire, String path) {
        List<String> strings = new ArrayList<>(wire.size());
        for (int index = 0; index < wire.size(); index++) {
            if (!(wire.get(index) instanceof String text)) {
                throw malformed(path + "[" + index + "] must be a string");
            }
            strings.add(text);
        }
        return strings;
    }

    private static Sliver sliverFromWire(Map<?, ?> wire, String path) {
        List<SliverAttribute> attributes = new ArrayList<>();
        List<?> attributeList = list(wire, ATTRIBUTES, path);
        for (int index = 0; index < attributeList.size(); index++) {
            String at = path + ATTRIBUTES + "[" + index + "].";
            Map<?, ?> attribute = struct(attributeList.get(index), at);
            attributes.add(new SliverAttribute(string(attribute, TAGNAME, at), string(attribute, VALUE, at)));
        }
        Map<String, String> rspec = new LinkedHashMap<>();
        struct(required(wire, RSPEC, path), path + RSPEC).forEach((name, value) ->
                rspec.put(String.valueOf(name), String.valueOf(value)));
        return new Sliver(string(wire, NAME, path), string(wire, HRN, path), number(wire, SLICE_ID, path),
                string(wire, INSTANTIATION, path), string(wire, STATE, path), number(wire, EXPIRES, path),
                keysFromWire(list(wire, KEYS, path), path), attributes, rspec);
    }

    private static List<SliverKey> keysFromWire(List<?> wire, String path) {
        List<SliverKey> keys = new ArrayList<>(wire.size());
        for (int index = 0; index < wire.size(); index++) {
            String at = path + KEYS + "[" + index + "].";
            Map<?, ?> key = struct(wire.get(index), at);
            keys.add(new SliverKey(string(key, KEY_TYPE, at), string(key, KEY, at)));
        }
        return keys;
    }

    private static List<Map<String, Object>> records(List<?> wire, String path) {
        List<Map<String, Object>> records = new ArrayList<>(wire.size());
        for (int index = 0; index < wire.size(); index++) {
            Map<String, Object> record = new LinkedHashMap<>();
            struct(wire.get(index), path + "[" + index + "]").forEach((name, value) -> record.put(String.valueOf(name), value));
            records.add(record);
        }
        return records;
    }

    private static Object required(Map<?, ?> wire, String field, String path) {
        Object value = wire.get(field);
        if (value == null) {
            throw malformed(path + field + " is missing");
        }
        return value;
    }

    private static String string(Map<?, ?> wire, String field, String path) {
        if (!(required(wire, field, path) instanceof String text)) {
            throw malformed(path + field + " must be a string");
        }
        return text;
    }

    private static long number(Map<?, ?> wire, String field, String path) {
        if (!(required(wire, field, path) instanceof Number number)) {
            throw malformed(path + field + " must be a whole number");
        }
        return number.longValue();
    }

    private static List<?> list(Map<?, ?> wire, String field, String path) {
        if (!(required(wire, field, path) instanceof List<?> list)) {
            throw malformed(path + field + " must be an array");
        }
        return list;
    }

    private static Map<?, ?> struct(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            throw malformed(path + " must be a struct");
        }
        return map;
    }

    private static PlanetLabException malformed(String what) {
        return new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "GetSlivers answer: " + what
                + "; the slice authority speaks a different GetSlivers than this node");
    }
}
