package org.planetlab.api.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The one mapping between flow records and their wire form (a struct, the same over XML-RPC and
 * JSON): nodes write with it when they upload, PLC reads with it, and PLC writes it in the
 * answers of its flow queries. Times are milliseconds since the epoch, as integers; counters
 * that can pass 2^31 are written as integers too (XML-RPC's {@code i8}).
 */
public final class FlowWire {
    public static final String NODE_ID = "node_id";
    public static final String SEQUENCE = "sequence";
    public static final String RECORDS = "records";

    public static final String SLICE_ID = "slice_id";
    public static final String SLICE_NAME = "slice_name";
    public static final String DIRECTION = "direction";
    public static final String PROTOCOL = "protocol";
    public static final String START = "start_ms";
    public static final String END = "end_ms";
    public static final String SLIVER_ADDRESS = "sliver_address";
    public static final String SLIVER_PORT = "sliver_port";
    public static final String PUBLIC_ADDRESS = "public_address";
    public static final String PUBLIC_PORT = "public_port";
    public static final String REMOTE_ADDRESS = "remote_address";
    public static final String REMOTE_PORT = "remote_port";
    public static final String PACKETS_OUT = "packets_out";
    public static final String BYTES_OUT = "bytes_out";
    public static final String PACKETS_IN = "packets_in";
    public static final String BYTES_IN = "bytes_in";
    public static final String TCP_FLAGS = "tcp_flags";
    public static final String DROPPED = "dropped";

    private FlowWire() {}

    public static Map<String, Object> toWire(FlowBatch batch) {
        List<Object> records = new ArrayList<>(batch.records().size());
        batch.records().forEach(record -> records.add(toWire(record)));
        Map<String, Object> wire = new LinkedHashMap<>(4);
        wire.put(NODE_ID, batch.nodeId());
        wire.put(SEQUENCE, batch.sequence());
        wire.put(RECORDS, records);
        return wire;
    }

    public static Map<String, Object> toWire(FlowRecord record) {
        Map<String, Object> wire = new LinkedHashMap<>(32);
        wire.put(NODE_ID, record.nodeId());
        wire.put(SLICE_ID, record.sliceId());
        wire.put(SLICE_NAME, record.sliceName());
        wire.put(DIRECTION, record.direction().name().toLowerCase(Locale.ROOT));
        wire.put(PROTOCOL, record.protocol());
        wire.put(START, record.startMillis());
        wire.put(END, record.endMillis());
        wire.put(SLIVER_ADDRESS, record.sliverAddress());
        wire.put(SLIVER_PORT, record.sliverPort());
        wire.put(PUBLIC_ADDRESS, record.publicAddress());
        wire.put(PUBLIC_PORT, record.publicPort());
        wire.put(REMOTE_ADDRESS, record.remoteAddress());
        wire.put(REMOTE_PORT, record.remotePort());
        wire.put(PACKETS_OUT, record.packetsOut());
        wire.put(BYTES_OUT, record.bytesOut());
        wire.put(PACKETS_IN, record.packetsIn());
        wire.put(BYTES_IN, record.bytesIn());
        wire.put(TCP_FLAGS, record.tcpFlags());
        wire.put(DROPPED, record.dropped());
        return wire;
    }

    public static FlowBatch batchFromWire(Object value) {
        Map<?, ?> wire = struct(value, "flow batch");
        Object records = wire.get(RECORDS);
        if (!(records instanceof List<?> list)) {
            throw invalid("flow batch: '" + RECORDS + "' must be an array");
        }
        if (list.size() > FlowBatch.MAX_RECORDS) {
            throw invalid("flow batch: at most " + FlowBatch.MAX_RECORDS + " records, got " + list.size());
        }
        List<FlowRecord> parsed = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            try {
                parsed.add(recordFromWire(list.get(i)));
            } catch (PlanetLabException e) {
                throw invalid("flow batch: record " + i + ": " + e.getMessage());
            }
        }
        return new FlowBatch(intField(wire, NODE_ID), longField(wire, SEQUENCE), parsed);
    }

    public static FlowRecord recordFromWire(Object value) {
        Map<?, ?> wire = struct(value, "flow record");
        return new FlowRecord(
                intField(wire, NODE_ID),
                intField(wire, SLICE_ID),
                stringField(wire, SLICE_NAME),
                direction(stringField(wire, DIRECTION)),
                intField(wire, PROTOCOL),
                longField(wire, START),
                longField(wire, END),
                stringField(wire, SLIVER_ADDRESS),
                intField(wire, SLIVER_PORT),
                stringField(wire, PUBLIC_ADDRESS),
                intField(wire, PUBLIC_PORT),
                stringField(wire, REMOTE_ADDRESS),
                intField(wire, REMOTE_PORT),
                longField(wire, PACKETS_OUT),
                longField(wire, BYTES_OUT),
                longField(wire, PACKETS_IN),
                longField(wire, BYTES_IN),
                intField(wire, TCP_FLAGS),
                booleanField(wire, DROPPED));
    }

    private static FlowRecord.Direction direction(String text) {
        return switch (text) {
            case "outbound" -> FlowRecord.Direction.OUTBOUND;
            case "inbound" -> FlowRecord.Direction.INBOUND;
            default -> throw invalid("'" + DIRECTION + "' must be 'outbound' or 'inbound'");
        };
    }

    private static Map<?, ?> struct(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(what + " must be a struct");
        }
        return map;
    }

    private static Object field(Map<?, ?> wire, String name) {
        Object value = wire.get(name);
        if (value == null) {
            throw invalid("'" + name + "' is missing");
        }
        return value;
    }

    private static String stringField(Map<?, ?> wire, String name) {
        if (field(wire, name) instanceof String text) {
            return text;
        }
        throw invalid("'" + name + "' must be a string");
    }

    private static boolean booleanField(Map<?, ?> wire, String name) {
        if (field(wire, name) instanceof Boolean flag) {
            return flag;
        }
        throw invalid("'" + name + "' must be a boolean");
    }

    private static long longField(Map<?, ?> wire, String name) {
        Object value = field(wire, name);
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw invalid("'" + name + "' must be an integer");
    }

    private static int intField(Map<?, ?> wire, String name) {
        long value = longField(wire, name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw invalid("'" + name + "' is out of range: " + value);
        }
        return (int) value;
    }

    private static PlanetLabException invalid(String message) {
        return new PlanetLabException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
