package org.planetlab.plc.typetable;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.tag.TagTypeService;

/**
 * The type table methods (roles, key types, boot states, node types, network methods and types,
 * slice instantiations, address types, PCU types and protocol types): wire values in, a call of
 * {@link TypeValues}, {@link Roles}, {@link AddressTypes} or {@link PcuTypes}, wire values out.
 */
public final class TypeTableMethods {
    private final TypeValues values;
    private final Roles roles;
    private final AddressTypes addressTypes = new AddressTypes();
    private final PcuTypes pcuTypes = new PcuTypes();

    public TypeTableMethods(TypeValues values, TagTypeService tagTypes) {
        this.values = requireNonNull(values, "values is null");
        this.roles = new Roles(requireNonNull(tagTypes, "tagTypes is null"));
    }

    public void register(MethodRegistry registry) {
        for (TypeValueTable table : new TypeValueTable[] {TypeValueTable.KEY_TYPES, TypeValueTable.BOOT_STATES,
                TypeValueTable.NODE_TYPES, TypeValueTable.NETWORK_METHODS, TypeValueTable.NETWORK_TYPES,
                TypeValueTable.SLICE_INSTANTIATIONS}) {
            registry.bind("Add" + table.name(), call -> done(() -> values.add(call.mutation(), table,
                            call.stringArg(0))))
                    .bind("Delete" + table.name(), call -> done(() -> values.delete(call.mutation(), table,
                            call.stringArg(0))));
        }
        registry.bind("AddRole", call -> done(() -> roles.addRole(call.mutation(), call.longArg(0),
                        call.stringArg(1))))
                .bind("DeleteRole", call -> done(() -> roles.deleteRole(call.mutation(), call.arg(0))))
                .bind("AddRoleToTagType", call -> done(() -> roles.addRoleToTagType(call.mutation(), call.arg(0),
                        tagType(call.arg(1)))))
                .bind("DeleteRoleFromTagType", call -> done(() -> roles.deleteRoleFromTagType(call.mutation(),
                        call.arg(0), tagType(call.arg(1)))));
        registry.bind("GetAddressTypes", call -> QueryEngine.get(call.db(), AddressTypes.TABLE, filter(call
                        .optionalArg(0)), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("AddAddressType", call -> addressTypes.add(call.mutation(), addressType(call.structArg(0))))
                .bind("UpdateAddressType", call -> done(() -> addressTypes.update(call.mutation(), call.arg(0),
                        addressType(call.structArg(1)))))
                .bind("DeleteAddressType", call -> done(() -> addressTypes.delete(call.mutation(), call.arg(0))))
                .bind("AddAddressTypeToAddress", call -> done(() -> addressTypes.change(call.mutation(), call.arg(0),
                        call.longArg(1), true, "AddAddressTypeToAddress")))
                .bind("DeleteAddressTypeFromAddress", call -> done(() -> addressTypes.change(call.mutation(),
                        call.arg(0), call.longArg(1), false, "DeleteAddressTypeFromAddress")));
        registry.bind("GetPCUTypes", call -> PcuTypes.get(call.db(), filter(call.optionalArg(0)),
                        call.returnFields(1)))
                .bind("AddPCUType", call -> pcuTypes.addType(call.mutation(), pcuType(call.structArg(0))))
                .bind("UpdatePCUType", call -> done(() -> pcuTypes.updateType(call.mutation(), call.longArg(0),
                        pcuType(call.structArg(1)))))
                .bind("DeletePCUType", call -> done(() -> pcuTypes.deleteType(call.mutation(), call.longArg(0))))
                .bind("GetPCUProtocolTypes", call -> PcuTypes.getProtocolTypes(call.db(), filter(call
                        .optionalArg(0)), call.returnFields(1)))
                .bind("AddPCUProtocolType", call -> pcuTypes.addProtocolType(call.mutation(), call.arg(0),
                        protocolType(call.structArg(1))))
                .bind("UpdatePCUProtocolType", call -> done(() -> pcuTypes.updateProtocolType(call.mutation(),
                        call.longArg(0), protocolType(call.structArg(1)))))
                .bind("DeletePCUProtocolType", call -> done(() -> pcuTypes.deleteProtocolType(call.mutation(),
                        call.longArg(0))));
    }

    private static Object done(Runnable action) {
        action.run();
        return 1L;
    }

    private static Filter filter(Optional<Object> wire) {
        return (Filter) wire.orElse(Filter.ALL);
    }

    private static TagTypeRef tagType(Object wire) {
        return wire instanceof Long id ? TagTypeRef.of(id) : TagTypeRef.of((String) wire);
    }

    /** A field given as nil clears it; one not given is left as it is. */
    private static Optional<Optional<String>> nullable(Map<String, Object> fields, String name) {
        return fields.containsKey(name) ? Optional.of(Optional.ofNullable((String) fields.get(name)))
                : Optional.empty();
    }

    private static AddressTypes.Fields addressType(Map<String, Object> fields) {
        return new AddressTypes.Fields(Optional.ofNullable((String) fields.get("name")),
                nullable(fields, "description"));
    }

    private static PcuTypes.TypeFields pcuType(Map<String, Object> fields) {
        return new PcuTypes.TypeFields(Optional.ofNullable((String) fields.get("model")), nullable(fields, "name"));
    }

    private static PcuTypes.ProtocolFields protocolType(Map<String, Object> fields) {
        return new PcuTypes.ProtocolFields(Optional.ofNullable((Long) fields.get("port")),
                Optional.ofNullable((String) fields.get("protocol")),
                Optional.ofNullable((Boolean) fields.get("supported")));
    }
}
