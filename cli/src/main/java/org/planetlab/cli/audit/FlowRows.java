package org.planetlab.cli.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;

/** Flows as people read them in a table: times as dates, protocols by name, addresses with ports. */
final class FlowRows {
    static final List<String> COLUMNS = List.of("start", "end", "node_id", "slice", "protocol", "direction", "sliver",
            "public", "remote", "bytes_out", "bytes_in", "dropped");

    private FlowRows() {}

    static List<Map<String, Object>> of(Object wireFlows) {
        return ((List<?>) wireFlows).stream().map(FlowWire::recordFromWire).map(FlowRows::row).toList();
    }

    private static Map<String, Object> row(FlowRecord flow) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("start", Instant.ofEpochMilli(flow.startMillis()).toString());
        row.put("end", Instant.ofEpochMilli(flow.endMillis()).toString());
        row.put("node_id", (long) flow.nodeId());
        row.put("slice", flow.sliceName());
        row.put("protocol", protocolName(flow.protocol()));
        row.put("direction", flow.direction().name().toLowerCase(Locale.ROOT));
        row.put("sliver", endpoint(flow.sliverAddress(), flow.sliverPort()));
        row.put("public", endpoint(flow.publicAddress(), flow.publicPort()));
        row.put("remote", endpoint(flow.remoteAddress(), flow.remotePort()));
        row.put("bytes_out", flow.bytesOut());
        row.put("bytes_in", flow.bytesIn());
        row.put("dropped", flow.dropped());
        return row;
    }

    private static String endpoint(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    static String protocolName(int protocol) {
        return switch (protocol) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmpv6";
            default -> Integer.toString(protocol);
        };
    }

    /** A protocol by name (tcp, udp, icmp, icmpv6) or number; empty if it is neither. */
    static java.util.OptionalInt protocolNumber(String text) {
        String name = text.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "icmp" -> java.util.OptionalInt.of(1);
            case "tcp" -> java.util.OptionalInt.of(6);
            case "udp" -> java.util.OptionalInt.of(17);
            case "icmpv6" -> java.util.OptionalInt.of(58);
            default -> name.matches("[0-9]{1,3}") && Integer.parseInt(name) <= 255
                    ? java.util.OptionalInt.of(Integer.parseInt(name)) : java.util.OptionalInt.empty();
        };
    }
}
