package org.planetlab.plc.typetable;

import static java.util.Objects.requireNonNull;
import static org.planetlab.plc.store.ColumnKind.BOOLEAN;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.Filter;
import org.planetlab.api.typetable.PcuTypeApi;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.JoinList;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;

/**
 * PCU types and their protocol types (ports and protocols). Models are unique, and so is a port
 * within a type; deleting a type deletes its protocol types, as the original did. PCUs name a
 * type by their model, so they keep it when a type changes or goes.
 */
public final class PcuTypes {
    static final ObjectTable TYPES = ObjectTable.builder(PcuTypeApi.PCU_TYPE_ROW, "pcu_types", "pcu_type_id")
            .name("t.model", UnaryOperator.identity())
            .plain(INTEGER, "pcu_type_id")
            .plain(TEXT, "model", "name")
            .join(JoinList.ids("pcu_protocol_type_ids", "pcu_protocol_types j", "j.pcu_type_id",
                    "j.pcu_protocol_type_id"))
            .build();

    static final ObjectTable PROTOCOL_TYPES = ObjectTable.builder(PcuTypeApi.PCU_PROTOCOL_TYPE,
                    "pcu_protocol_types", "pcu_protocol_type_id")
            .plain(INTEGER, "pcu_protocol_type_id", "pcu_type_id", "port")
            .plain(TEXT, "protocol")
            .plain(BOOLEAN, "supported")
            .build();

    private static final String PROTOCOL_TYPES_FIELD = "pcu_protocol_types";

    /** Fields of a PCU type to set; an empty Optional leaves one as it is. */
    public record TypeFields(Optional<String> model, Optional<Optional<String>> name) {
        public TypeFields {
            requireNonNull(model, "model is null");
            requireNonNull(name, "name is null");
        }
    }

    /** Fields of a protocol type to set; an empty Optional leaves one as it is. */
    public record ProtocolFields(Optional<Long> port, Optional<String> protocol, Optional<Boolean> supported) {
        public ProtocolFields {
            requireNonNull(port, "port is null");
            requireNonNull(protocol, "protocol is null");
            requireNonNull(supported, "supported is null");
        }
    }

    /** The PCU types matching the filter, each with its protocol types if asked for (or by default, nil). */
    public static List<Map<String, Object>> get(Handle handle, Filter filter, List<String> returnFields) {
        List<String> wanted = returnFields == null ? List.copyOf(PcuTypeApi.PCU_TYPE.fields().keySet()) : returnFields;
        List<String> stored = new ArrayList<>(wanted.stream().filter(field -> !field.equals(PROTOCOL_TYPES_FIELD))
                .toList());
        boolean protocols = wanted.contains(PROTOCOL_TYPES_FIELD);
        if (protocols && !stored.contains("pcu_protocol_type_ids")) {
            stored.add("pcu_protocol_type_ids");
        }
        List<Map<String, Object>> rows = QueryEngine.get(handle, TYPES, filter, stored, QueryEngine.Access.EVERYONE);
        if (!protocols) {
            return rows;
        }
        Map<Long, Map<String, Object>> byId = new LinkedHashMap<>();
        QueryEngine.get(handle, PROTOCOL_TYPES, Filter.ALL, List.of("pcu_protocol_type_id", "port", "protocol",
                "supported"), QueryEngine.Access.EVERYONE)
                .forEach(protocol -> byId.put((Long) protocol.get("pcu_protocol_type_id"), protocol));
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> type = new LinkedHashMap<>();
            for (String field : wanted) {
                if (field.equals(PROTOCOL_TYPES_FIELD)) {
                    type.put(field, ((List<?>) row.get("pcu_protocol_type_ids")).stream().map(byId::get).toList());
                } else {
                    type.put(field, row.get(field));
                }
            }
            result.add(type);
        }
        return result;
    }

    public static List<Map<String, Object>> getProtocolTypes(Handle handle, Filter filter, List<String> returnFields) {
        return QueryEngine.get(handle, PROTOCOL_TYPES, filter, returnFields, QueryEngine.Access.EVERYONE);
    }

    public long addType(Mutation mutation, TypeFields fields) {
        String model = fields.model().orElseThrow(() ->
                PlanetLabException.invalidArgument("pcu_type_fields: model is required"));
        requireModelFree(mutation.db(), model, -1);
        long id = Database.nextId(mutation.db(), "pcu_types");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pcu_type_id", id);
        row.put("model", model);
        row.put("name", fields.name().flatMap(value -> value).orElse(null));
        Rows.insert(mutation.db(), "pcu_types", row);
        mutation.affected(ObjectType.PCU_TYPE, id);
        return id;
    }

    public void updateType(Mutation mutation, long typeId, TypeFields fields) {
        requireType(mutation.db(), typeId);
        fields.model().ifPresent(model -> requireModelFree(mutation.db(), model, typeId));
        Map<String, Object> columns = new LinkedHashMap<>();
        fields.model().ifPresent(model -> columns.put("model", model));
        fields.name().ifPresent(name -> columns.put("name", name.orElse(null)));
        Rows.update(mutation.db(), "pcu_types", "pcu_type_id", typeId, columns);
        mutation.affected(ObjectType.PCU_TYPE, typeId);
    }

    public void deleteType(Mutation mutation, long typeId) {
        requireType(mutation.db(), typeId);
        Map<String, Object> parameters = Map.of("id", typeId);
        Rows.execute(mutation.db(), "DELETE FROM pcu_protocol_types WHERE pcu_type_id = :id", parameters);
        Rows.execute(mutation.db(), "DELETE FROM pcu_types WHERE pcu_type_id = :id", parameters);
        mutation.affected(ObjectType.PCU_TYPE, typeId);
    }

    public long addProtocolType(Mutation mutation, Object typeIdOrModel, ProtocolFields fields) {
        String column = typeIdOrModel instanceof Long ? "pcu_type_id" : "model";
        long typeId = mutation.db().createQuery("SELECT pcu_type_id FROM pcu_types WHERE " + column + " = :ref")
                .bind("ref", typeIdOrModel).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound(typeIdOrModel instanceof Long id
                        ? "pcu_type_id_or_model: no PCU type with pcu_type_id " + id
                        : "pcu_type_id_or_model: no PCU type of model \"" + typeIdOrModel + "\""));
        long port = fields.port().orElseThrow(() ->
                PlanetLabException.invalidArgument("protocol_type_fields: port is required"));
        String protocol = fields.protocol().orElseThrow(() ->
                PlanetLabException.invalidArgument("protocol_type_fields: protocol is required"));
        requirePortFree(mutation.db(), typeId, port, -1);
        long id = Database.nextId(mutation.db(), "pcu_protocol_types");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pcu_protocol_type_id", id);
        row.put("pcu_type_id", typeId);
        row.put("port", port);
        row.put("protocol", protocol);
        row.put("supported", fields.supported().orElse(true));
        Rows.insert(mutation.db(), "pcu_protocol_types", row);
        mutation.affected(ObjectType.PCU_PROTOCOL_TYPE, id);
        mutation.affected(ObjectType.PCU_TYPE, typeId);
        return id;
    }

    public void updateProtocolType(Mutation mutation, long protocolTypeId, ProtocolFields fields) {
        long typeId = requireProtocolType(mutation.db(), protocolTypeId);
        fields.port().ifPresent(port -> requirePortFree(mutation.db(), typeId, port, protocolTypeId));
        Map<String, Object> columns = new LinkedHashMap<>();
        fields.port().ifPresent(port -> columns.put("port", port));
        fields.protocol().ifPresent(protocol -> columns.put("protocol", protocol));
        fields.supported().ifPresent(supported -> columns.put("supported", supported));
        Rows.update(mutation.db(), "pcu_protocol_types", "pcu_protocol_type_id", protocolTypeId, columns);
        mutation.affected(ObjectType.PCU_PROTOCOL_TYPE, protocolTypeId);
    }

    public void deleteProtocolType(Mutation mutation, long protocolTypeId) {
        requireProtocolType(mutation.db(), protocolTypeId);
        Rows.execute(mutation.db(), "DELETE FROM pcu_protocol_types WHERE pcu_protocol_type_id = :id",
                Map.of("id", protocolTypeId));
        mutation.affected(ObjectType.PCU_PROTOCOL_TYPE, protocolTypeId);
    }

    private static void requireType(Handle handle, long typeId) {
        boolean exists = handle.createQuery("SELECT COUNT(*) FROM pcu_types WHERE pcu_type_id = :id")
                .bind("id", typeId).mapTo(Long.class).one() > 0;
        if (!exists) {
            throw PlanetLabException.notFound("pcu_type_id: no PCU type with pcu_type_id " + typeId);
        }
    }

    private static long requireProtocolType(Handle handle, long protocolTypeId) {
        return handle.createQuery("SELECT pcu_type_id FROM pcu_protocol_types WHERE pcu_protocol_type_id = :id")
                .bind("id", protocolTypeId).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("pcu_protocol_type_id: no PCU protocol type with"
                        + " pcu_protocol_type_id " + protocolTypeId));
    }

    private static void requireModelFree(Handle handle, String model, long except) {
        boolean taken = handle.createQuery("SELECT COUNT(*) FROM pcu_types WHERE model = :model"
                + " AND pcu_type_id <> :except").bind("model", model).bind("except", except).mapTo(Long.class)
                .one() > 0;
        if (taken) {
            throw PlanetLabException.alreadyExists("pcu_type_fields.model: a PCU type of model \"" + model
                    + "\" exists already");
        }
    }

    private static void requirePortFree(Handle handle, long typeId, long port, long except) {
        boolean taken = handle.createQuery("SELECT COUNT(*) FROM pcu_protocol_types WHERE pcu_type_id = :type"
                        + " AND port = :port AND pcu_protocol_type_id <> :except")
                .bind("type", typeId).bind("port", port).bind("except", except).mapTo(Long.class).one() > 0;
        if (taken) {
            throw PlanetLabException.alreadyExists("protocol_type_fields.port: PCU type " + typeId + " has a protocol"
                    + " type on port " + port + " already");
        }
    }
}
