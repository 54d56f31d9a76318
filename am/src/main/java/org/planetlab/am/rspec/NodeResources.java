package org.planetlab.am.rspec;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecWire;

/**
 * What one node holds, as the hierarchy of Architecture §4.10: resource pools (each an RSpec,
 * possibly handed to a slice authority), the slivers bound from each pool, and slivers bound from
 * the node's own resources. Every RSpec is the node's own form ({@link Rspec}, whose JSON is
 * {@link RspecWire}); {@link RspecXml} writes and reads the same hierarchy as GENI RSpec v3 with the
 * PlanetLab extension.
 *
 * <p>The JSON form: {@code {"component_id": urn, "pools": [{"name", "rspec", "slivers": [{"name",
 * "rspec"}]}], "slivers": [{"name", "rspec"}]}}.
 */
public record NodeResources(Urn componentId, List<Pool> pools, List<Sliver> slivers) {
    /** A VM's resources, keys and bootscript, under the name of its slice. */
    public record Sliver(String name, Rspec rspec) {
        public Sliver {
            requireName(name, "sliver");
            requireNonNull(rspec, "rspec is null");
        }
    }

    /** A resource pool, named by the slice that holds it, and the slivers bound from it. */
    public record Pool(String name, Rspec rspec, List<Sliver> slivers) {
        public Pool {
            requireName(name, "pool");
            requireNonNull(rspec, "rspec is null");
            slivers = List.copyOf(requireNonNull(slivers, "slivers is null"));
        }
    }

    public NodeResources {
        requireNonNull(componentId, "componentId is null");
        if (!componentId.type().equals("node")) {
            throw PlanetLabException.invalidArgument("component_id must be a node URN, not " + componentId);
        }
        pools = List.copyOf(requireNonNull(pools, "pools is null"));
        slivers = List.copyOf(requireNonNull(slivers, "slivers is null"));
    }

    /** The JSON form (maps, lists and strings, as the node's JSON codec writes them). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("component_id", componentId.toString());
        List<Object> poolList = new ArrayList<>();
        for (Pool pool : pools) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", pool.name());
            entry.put("rspec", RspecWire.toWire(pool.rspec()));
            entry.put("slivers", slivers(pool.slivers()));
            poolList.add(entry);
        }
        json.put("pools", poolList);
        json.put("slivers", slivers(slivers));
        return json;
    }

    /** Reads the JSON form, each RSpec with the node's own checks (known attributes, valid values). */
    public static NodeResources fromJson(Map<?, ?> json) {
        requireNonNull(json, "json is null");
        Urn componentId = Urn.parse(text(json.get("component_id"), "component_id"), "node");
        List<Pool> pools = new ArrayList<>();
        for (Object element : list(json.get("pools"), "pools")) {
            Map<?, ?> pool = map(element, "each pool");
            pools.add(new Pool(text(pool.get("name"), "a pool's name"), RspecWire.fromWire(pool.get("rspec")),
                    slivers(pool.get("slivers"))));
        }
        return new NodeResources(componentId, pools, slivers(json.get("slivers")));
    }

    private static List<Object> slivers(List<Sliver> slivers) {
        List<Object> list = new ArrayList<>();
        for (Sliver sliver : slivers) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", sliver.name());
            entry.put("rspec", RspecWire.toWire(sliver.rspec()));
            list.add(entry);
        }
        return list;
    }

    private static List<Sliver> slivers(Object value) {
        List<Sliver> slivers = new ArrayList<>();
        for (Object element : list(value, "slivers")) {
            Map<?, ?> sliver = map(element, "each sliver");
            slivers.add(new Sliver(text(sliver.get("name"), "a sliver's name"), RspecWire.fromWire(sliver.get("rspec"))));
        }
        return slivers;
    }

    private static List<?> list(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw PlanetLabException.invalidArgument(what + " must be an array");
        }
        return list;
    }

    private static Map<?, ?> map(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw PlanetLabException.invalidArgument(what + " must be an object");
        }
        return map;
    }

    private static String text(Object value, String what) {
        if (!(value instanceof String text)) {
            throw PlanetLabException.invalidArgument(what + " must be a string");
        }
        return text;
    }

    /** Slice names as PLC and the node name them: login base, '_', the slice's own part. */
    private static void requireName(String name, String what) {
        requireNonNull(name, what + " name is null");
        if (!name.matches("[a-z0-9][a-z0-9_.-]{0,63}")) {
            throw PlanetLabException.invalidArgument("a " + what + "'s name must be a slice name such as princeton_codeen, not '"
                    + (name.length() > 64 ? name.substring(0, 64) + "..." : name) + "'");
        }
    }
}
