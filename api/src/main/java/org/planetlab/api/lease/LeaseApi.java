package org.planetlab.api.lease;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.ANONYMOUS;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.ArrayList;
import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.Field;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.slice.SliceApi;

/**
 * Advance reservations, as PLCAPI 5 has them: a lease gives one slice a reservable node (node
 * type {@code reservable}) alone for a time slot; slots are rounded to the lease granularity and
 * never overlap on a node. {@code GetLeaseWindow} is this PLC's own: the earliest slot in which
 * all given nodes are free for a duration.
 */
public final class LeaseApi {
    private LeaseApi() {}

    /** The node type of nodes that run only the slice holding their current lease. */
    public static final String RESERVABLE = "reservable";

    /**
     * A time as PLCAPI took it: seconds since the epoch, or a UTC date and time as text
     * ({@code 2030-03-17 18:00}, {@code 2030-03-17T18:00:00Z}).
     */
    public static final MixedType TIME = MixedType.of(IntType.TIMESTAMP, StringType.nonEmpty(40));

    /** A time; given as a list of two, a slot [from, until]. */
    private static final IntType TIME_OR_SLOT = IntType.TIMESTAMP;

    public static final StructType LEASE = StructType.of("Lease",
            readOnly("lease_id", IntType.ID, "lease identifier"),
            writable("t_from", TIME, "start of the slot, rounded up to the granularity"),
            writable("t_until", TIME, "end of the slot, rounded down to the granularity"),
            readOnly("node_id", IntType.ID, "the reserved node"),
            readOnly("slice_id", IntType.ID, "the slice holding it"),
            readOnly("hostname", NodeApi.HOSTNAME, "the node's host name"),
            readOnly("node_type", NodeApi.NODE_TYPE, "the node's type"),
            readOnly("name", SliceApi.SLICE_NAME, "the slice's name"),
            readOnly("site_id", IntType.ID, "the slice's site"),
            readOnly("duration", IntType.NON_NEGATIVE, "t_until - t_from, in seconds"),
            readOnly("expired", BoolType.INSTANCE, "whether the slot is over"));

    /**
     * What GetLeases filters on: the lease's fields, and PLCAPI's {@code alive} (leases running at
     * a time, or during a slot) and {@code clip} (leases not over at a time, or during a slot).
     */
    public static final StructType LEASE_FILTER = filterType();

    public static final StructType ADDED = StructType.of("AddedLeases",
            readOnly("new_ids", ArrayType.of(IntType.ID), "the new lease_ids, one per node"),
            readOnly("errors", ArrayType.of(StringType.max(1000)), "always empty: a refused request faults as a whole"));

    public static final StructType UPDATED = StructType.of("UpdatedLeases",
            readOnly("updated_ids", ArrayType.of(IntType.ID), "the changed lease_ids"),
            readOnly("errors", ArrayType.of(StringType.max(1000)), "always empty: a refused request faults as a whole"));

    public static final StructType WINDOW = StructType.of("LeaseWindow",
            readOnly("t_from", IntType.TIMESTAMP, "start of the earliest free slot"),
            readOnly("t_until", IntType.TIMESTAMP, "its end: t_from plus the duration, rounded up"),
            readOnly("node_ids", ArrayType.of(IntType.ID), "the nodes, each free for the whole slot"));

    private static final MixedType NODES = MixedType.of(IntType.ID, NodeApi.HOSTNAME,
            new ArrayType(NodeApi.NODE_REF, 1000));
    private static final MixedType LEASE_IDS = MixedType.of(IntType.ID, new ArrayType(IntType.ID, 1000));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddLeases").roles(ADMIN, PI, USER).mutates()
                    .param("node_id_or_hostname_list", NODES, "the reservable nodes, by id or host name")
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice the nodes are reserved for")
                    .param("t_from", TIME, "start (seconds, or a UTC date and time), rounded up to the lease granularity")
                    .param("t_until", TIME, "end (seconds, or a UTC date and time), rounded down to the lease granularity")
                    .returns(ADDED, "new_ids: one lease per node")
                    .help("Reserves reservable nodes for a slice for a time slot: while the lease runs, only that"
                            + " slice's sliver runs on each node. Operators may reserve for any slice, PIs for their"
                            + " sites' slices, users for slices they belong to. The request is refused as a whole,"
                            + " naming the lease in the way, if a node is not reservable or already leased during the"
                            + " slot.")
                    .build(),
            MethodSpec.builder("GetLeases").roles(ADMIN, PI, USER, TECH, NODE, ANONYMOUS)
                    .optionalParam("lease_filter", new FilterType(LEASE_FILTER, "lease_id", null),
                            "lease_ids or a struct of conditions, with alive and clip; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(LEASE), "the matching leases, earliest first")
                    .help("Returns leases; every lease is visible to everyone, as in PLCAPI. {'alive': t} gives"
                            + " the leases running at t, {'clip': t} those not over at t; either also takes a"
                            + " [from, until] slot.")
                    .build(),
            MethodSpec.builder("UpdateLeases").roles(ADMIN, PI, TECH, USER).mutates()
                    .param("lease_ids", LEASE_IDS, "the leases")
                    .param("lease_fields", LEASE.writable(), "a new t_from and/or t_until")
                    .returns(UPDATED, "updated_ids: the changed leases")
                    .help("Moves or resizes leases, by the same rules as AddLeases; refused as a whole if a new slot"
                            + " overlaps another lease of the node.")
                    .build(),
            MethodSpec.builder("DeleteLeases").roles(ADMIN, PI, TECH, USER).mutates()
                    .param("lease_ids", LEASE_IDS, "the leases")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Cancels leases: operators any, PIs their sites' slices' leases, users their slices'.")
                    .build(),
            MethodSpec.builder("GetLeaseGranularity").roles(ADMIN, PI, USER, TECH, NODE, ANONYMOUS)
                    .returns(IntType.ID, "seconds")
                    .help("Returns the lease granularity in seconds: every lease starts and ends on a multiple of it.")
                    .build(),
            MethodSpec.builder("GetLeaseWindow").roles(ADMIN, PI, USER, TECH, ANONYMOUS)
                    .param("node_id_or_hostname_list", new ArrayType(NodeApi.NODE_REF, 1000),
                            "the reservable nodes wanted together")
                    .param("duration", new IntType(1, 366L * 24 * 3600), "how long, in seconds (rounded up to the"
                            + " granularity)")
                    .optionalParam("not_before", IntType.TIMESTAMP, "the earliest start; nil for now")
                    .returns(WINDOW, "the earliest slot in which every node is free")
                    .help("Finds the earliest slot, starting no earlier than not_before, in which all the given"
                            + " reservable nodes are free for the whole duration; AddLeases with its t_from and"
                            + " t_until reserves it.")
                    .build());

    /** The lease's fields (times compared as seconds), with {@code alive} and {@code clip}. */
    private static StructType filterType() {
        List<Field> fields = new ArrayList<>();
        for (Field field : LEASE.fields().values()) {
            fields.add(field.type() == TIME ? readOnly(field.name(), IntType.TIMESTAMP, field.doc()) : field);
        }
        fields.add(readOnly("alive", TIME_OR_SLOT, "a time: leases running then; [from, until]: leases running during it"));
        fields.add(readOnly("clip", TIME_OR_SLOT, "a time: leases not over then; [from, until]: leases running during it"));
        return StructType.of("LeaseFilter", fields.toArray(Field[]::new));
    }
}
