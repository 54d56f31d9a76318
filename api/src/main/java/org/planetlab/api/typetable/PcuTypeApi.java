package org.planetlab.api.typetable;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * PCU types: a catalogue of PCU models, each with the ports and protocols it answers on (its
 * protocol types). A PCU names its type by its model field (AddPCU, UpdatePCU); PLC reboots a
 * PCU by the PCU's own protocol field, so a protocol type's supported flag records what the
 * operator knows of the model, not which drivers PLC has.
 */
public final class PcuTypeApi {
    private PcuTypeApi() {}

    public static final StringType MODEL = StringType.nonEmpty(254);
    public static final IntType PORT = new IntType(1, 65_535);

    public static final StructType PCU_PROTOCOL_TYPE = StructType.of("PCUProtocolType",
            readOnly("pcu_protocol_type_id", IntType.ID, "protocol type identifier"),
            readOnly("pcu_type_id", IntType.ID, "the PCU type"),
            writable("port", PORT, "the port, unique within the PCU type"),
            writable("protocol", StringType.nonEmpty(254), "the protocol spoken on the port, e.g. ssh or ipmi"),
            writable("supported", BoolType.INSTANCE, "whether the port and protocol are supported (true unless"
                    + " given)"));

    /** A PCU type as stored: every field but the protocol types themselves. */
    public static final StructType PCU_TYPE_ROW = StructType.of("PCUType",
            readOnly("pcu_type_id", IntType.ID, "PCU type identifier"),
            writable("model", MODEL, "the model, unique; a PCU of this type has it as its model"),
            writable("name", new NullableType(StringType.max(254)), "the model's full name"),
            readOnly("pcu_protocol_type_ids", ArrayType.of(IntType.ID), "its protocol types"));

    public static final StructType PCU_TYPE = StructType.of("PCUType",
            readOnly("pcu_type_id", IntType.ID, "PCU type identifier"),
            writable("model", MODEL, "the model, unique; a PCU of this type has it as its model"),
            writable("name", new NullableType(StringType.max(254)), "the model's full name"),
            readOnly("pcu_protocol_type_ids", ArrayType.of(IntType.ID), "its protocol types"),
            readOnly("pcu_protocol_types", ArrayType.of(PCU_PROTOCOL_TYPE.only("pcu_protocol_type_id", "port",
                    "protocol", "supported")), "its protocol types: pcu_protocol_type_id, port, protocol, supported"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("GetPCUTypes").roles(ADMIN, PI, USER, TECH, NODE)
                    .optionalParam("pcu_type_filter", new FilterType(PCU_TYPE_ROW, "pcu_type_id", "model"),
                            "pcu_type_ids, models or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(PCU_TYPE), "the matching PCU types")
                    .help("Returns PCU types with their protocol types.")
                    .build(),
            MethodSpec.builder("AddPCUType").roles(ADMIN).mutates()
                    .param("pcu_type_fields", PCU_TYPE.writable().requiring("model"), "the PCU type")
                    .returns(IntType.ID, "the new pcu_type_id")
                    .help("Adds a PCU type; its model must be new.")
                    .build(),
            MethodSpec.builder("UpdatePCUType").roles(ADMIN).mutates()
                    .param("pcu_type_id", IntType.ID, "the PCU type")
                    .param("pcu_type_fields", PCU_TYPE.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a PCU type's model or name; a new model must not be taken. PCUs keep the model"
                            + " they were given.")
                    .build(),
            MethodSpec.builder("DeletePCUType").roles(ADMIN).mutates()
                    .param("pcu_type_id", IntType.ID, "the PCU type")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a PCU type and its protocol types. PCUs keep the model they were given.")
                    .build(),
            MethodSpec.builder("GetPCUProtocolTypes").roles(ADMIN, PI, USER, TECH, NODE)
                    .optionalParam("protocol_type_filter", new FilterType(PCU_PROTOCOL_TYPE, "pcu_protocol_type_id",
                            null), "pcu_protocol_type_ids or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(PCU_PROTOCOL_TYPE), "the matching protocol types")
                    .help("Returns PCU protocol types.")
                    .build(),
            MethodSpec.builder("AddPCUProtocolType").roles(ADMIN).mutates()
                    .param("pcu_type_id_or_model", MixedType.of(IntType.ID, MODEL), "the PCU type")
                    .param("protocol_type_fields", PCU_PROTOCOL_TYPE.writable().requiring("port", "protocol"),
                            "the port and protocol")
                    .returns(IntType.ID, "the new pcu_protocol_type_id")
                    .help("Adds a port and protocol to a PCU type; the port must not be in use by the type.")
                    .build(),
            MethodSpec.builder("UpdatePCUProtocolType").roles(ADMIN).mutates()
                    .param("pcu_protocol_type_id", IntType.ID, "the protocol type")
                    .param("protocol_type_fields", PCU_PROTOCOL_TYPE.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a protocol type's port, protocol or supported flag; a new port must not be in use"
                            + " by the type.")
                    .build(),
            MethodSpec.builder("DeletePCUProtocolType").roles(ADMIN).mutates()
                    .param("pcu_protocol_type_id", IntType.ID, "the protocol type")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a protocol type.")
                    .build());
}
