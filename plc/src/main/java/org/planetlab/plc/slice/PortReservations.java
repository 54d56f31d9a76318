package org.planetlab.plc.slice;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.HttpName;
import org.planetlab.api.rspec.PortList;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.tag.TagTypes;

/**
 * The rules of port reservations ({@code tcp_ports}, {@code udp_ports}) beyond their syntax: a
 * port is reserved for at most one slice on a node, and ports below 1024 only for a slice an
 * operator granted {@code privileged_ports}. Checked before a value is written, so a refused
 * value changes nothing. Two reservations may meet on a node when either is for the whole slice
 * or a node group; two per-node ones only when they name the same node. A host name registered
 * for HTTP by name ({@code codemux}) belongs to one slice.
 */
final class PortReservations {
    private PortReservations() {}

    /** Refuses {@code value} (canonical) for {@code type} on {@code slice} if it breaks a rule; other tags pass. */
    static void check(Handle handle, Slices.SliceRecord slice, TagTypes.TagTypeRecord type, String value,
            Optional<Nodes.NodeRecord> node, Optional<Long> group) {
        Optional<RspecAttribute> attribute = type.attribute();
        if (attribute.isPresent() && attribute.get().kind() == RspecAttribute.Kind.HTTP_NAME) {
            checkHttpName(handle, slice, type.tagname(), HttpName.parse(value));
            return;
        }
        if (attribute.isEmpty() || attribute.get().kind() != RspecAttribute.Kind.PORTS) {
            return;
        }
        String tagname = type.tagname();
        PortList ports = PortList.parse(tagname, value);
        if (ports.isEmpty()) {
            return;
        }
        if (ports.hasPrivileged() && !granted(handle, slice, node)) {
            throw PlanetLabException.permissionDenied(("slice %s: %s %s holds ports below %d, which need privileged_ports = 1;"
                    + " ask an operator to grant it to the slice first").formatted(slice.name(), tagname, ports,
                    PortList.FIRST_UNPRIVILEGED));
        }
        List<Map<String, Object>> others = handle.createQuery("SELECT s.name, t.value, t.node_id, t.nodegroup_id"
                        + " FROM slice_tags t JOIN tag_types y ON y.tag_type_id = t.tag_type_id"
                        + " JOIN slices s ON s.slice_id = t.slice_id AND s.is_deleted = FALSE"
                        + " WHERE y.tagname = :tag AND t.slice_id <> :slice ORDER BY s.name")
                .bind("tag", tagname).bind("slice", slice.sliceId()).mapToMap().list();
        for (Map<String, Object> other : others) {
            Optional<Long> otherNode = Optional.ofNullable((Number) other.get("node_id")).map(Number::longValue);
            boolean otherGroup = other.get("nodegroup_id") != null;
            boolean meet = node.isEmpty() || group.isPresent() || otherGroup || otherNode.isEmpty()
                    || otherNode.get() == node.get().nodeId();
            if (!meet) {
                continue;
            }
            List<PortList.Range> overlap = ports.overlapsWith(PortList.parse(tagname, (String) other.get("value")));
            if (!overlap.isEmpty()) {
                throw PlanetLabException.alreadyExists("slice %s: %s %s overlaps the reservation of slice %s (%s); a port is held by one slice only, choose others"
                        .formatted(slice.name(), tagname, overlap.stream().map(Object::toString).toList(), other.get("name"),
                                other.get("value")));
            }
        }
    }

    /** A host name registered for HTTP by name ({@code codemux}) belongs to one slice only, on every node. */
    private static void checkHttpName(Handle handle, Slices.SliceRecord slice, String tagname, HttpName wanted) {
        if (wanted.name().isEmpty()) {
            return;
        }
        List<Map<String, Object>> others = handle.createQuery("SELECT s.name, t.value FROM slice_tags t"
                        + " JOIN tag_types y ON y.tag_type_id = t.tag_type_id"
                        + " JOIN slices s ON s.slice_id = t.slice_id AND s.is_deleted = FALSE"
                        + " WHERE y.tagname = :tag AND t.slice_id <> :slice ORDER BY s.name")
                .bind("tag", tagname).bind("slice", slice.sliceId()).mapToMap().list();
        for (Map<String, Object> other : others) {
            if (HttpName.parse((String) other.get("value")).name().equals(wanted.name())) {
                throw PlanetLabException.alreadyExists(("slice %s: %s name %s is registered by slice %s; a name reaches one"
                        + " slice only, choose another").formatted(slice.name(), tagname, wanted.name().get(), other.get("name")));
            }
        }
    }

    private static boolean granted(Handle handle, Slices.SliceRecord slice, Optional<Nodes.NodeRecord> node) {
        String scope = node.isPresent() ? "(t.node_id IS NULL OR t.node_id = :node)" : "t.node_id IS NULL";
        var query = handle.createQuery("SELECT t.value FROM slice_tags t JOIN tag_types y ON y.tag_type_id = t.tag_type_id"
                        + " WHERE t.slice_id = :slice AND y.tagname = :tag AND t.nodegroup_id IS NULL AND " + scope)
                .bind("slice", slice.sliceId()).bind("tag", RspecAttribute.PRIVILEGED_PORTS.attributeName());
        node.ifPresent(value -> query.bind("node", value.nodeId()));
        return query.mapTo(String.class).list().contains("1");
    }
}
