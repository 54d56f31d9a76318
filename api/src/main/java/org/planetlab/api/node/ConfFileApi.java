package org.planetlab.api.node;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/** Configuration files that nodes install, globally, per node group or per node. */
public final class ConfFileApi {
    private ConfFileApi() {}

    public static final StringType ABSOLUTE_PATH = StringType.matching(255, "/[^\\x00]*", "an absolute path");

    public static final StructType CONF_FILE = StructType.of("ConfFile",
            readOnly("conf_file_id", IntType.ID, "configuration file identifier"),
            writable("enabled", BoolType.INSTANCE, "whether nodes install it"),
            writable("source", StringType.nonEmpty(255), "where nodes download it, relative to the boot server"),
            writable("dest", ABSOLUTE_PATH, "where nodes install it"),
            writable("file_permissions", StringType.matching(20, "[0-7]{3,4}", "an octal mode such as 0644"),
                    "mode"),
            writable("file_owner", StringType.nonEmpty(50), "owner"),
            writable("file_group", StringType.nonEmpty(50), "group"),
            writable("preinstall_cmd", new NullableType(StringType.max(1024)), "command run before installing"),
            writable("postinstall_cmd", new NullableType(StringType.max(1024)), "command run after installing"),
            writable("error_cmd", new NullableType(StringType.max(1024)), "command run if installing fails"),
            writable("ignore_cmd_errors", BoolType.INSTANCE, "whether command failures are ignored"),
            writable("always_update", BoolType.INSTANCE, "whether it is installed even if unchanged"),
            readOnly("node_ids", ArrayType.of(IntType.ID), "nodes it is attached to"),
            readOnly("nodegroup_ids", ArrayType.of(IntType.ID), "node groups it is attached to"));

    /** The largest configuration file PLC serves to nodes, before base64. */
    public static final int MAX_CONTENT_BYTES = 1 << 20;

    public static final StructType CONF_FILE_CONTENT = StructType.of("ConfFileContent",
            readOnly("conf_file_id", IntType.ID, "configuration file identifier"),
            readOnly("source", StringType.nonEmpty(255), "the source it was read from"),
            readOnly("sha256", StringType.matching(64, "[0-9a-f]{64}", "a hex SHA-256"), "checksum of the content"),
            readOnly("content", StringType.max(2 * MAX_CONTENT_BYTES), "the content, base64"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddConfFile").roles(ADMIN).mutates()
                    .param("conf_file_fields", CONF_FILE.writable().requiring("source", "dest"), "the file")
                    .returns(IntType.ID, "the new conf_file_id")
                    .help("Adds a configuration file. A file attached to no node or group applies to every node."
                            + " Defaults: enabled, 0644, root:root.")
                    .build(),
            MethodSpec.builder("GetConfFiles").roles(ADMIN, NODE)
                    .optionalParam("conf_file_filter", new FilterType(CONF_FILE, "conf_file_id", null),
                            "conf_file_ids or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(CONF_FILE), "the matching files")
                    .help("Returns configuration files.")
                    .build(),
            MethodSpec.builder("UpdateConfFile").roles(ADMIN).mutates()
                    .param("conf_file_id", IntType.ID, "the file")
                    .param("conf_file_fields", CONF_FILE.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a configuration file.")
                    .build(),
            MethodSpec.builder("DeleteConfFile").roles(ADMIN).mutates()
                    .param("conf_file_id", IntType.ID, "the file")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a configuration file.")
                    .build(),
            MethodSpec.builder("AddConfFileToNode").roles(ADMIN).mutates()
                    .param("conf_file_id", IntType.ID, "the file")
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Attaches a configuration file to a node.")
                    .build(),
            MethodSpec.builder("DeleteConfFileFromNode").roles(ADMIN).mutates()
                    .param("conf_file_id", IntType.ID, "the file")
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Detaches a configuration file from a node.")
                    .build(),
            MethodSpec.builder("AddConfFileToNodeGroup").roles(ADMIN).mutates()
                    .param("conf_file_id", IntType.ID, "the file")
                    .param("nodegroup_id_or_name", NodeGroupApi.NODEGROUP_REF, "the group")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Attaches a configuration file to a node group.")
                    .build(),
            MethodSpec.builder("DeleteConfFileFromNodeGroup").roles(ADMIN).mutates()
                    .param("conf_file_id", IntType.ID, "the file")
                    .param("nodegroup_id_or_name", NodeGroupApi.NODEGROUP_REF, "the group")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Detaches a configuration file from a node group.")
                    .build(),
            MethodSpec.builder("GetConfFileContent").roles(ADMIN, NODE)
                    .param("conf_file_id", IntType.ID, "the file")
                    .returns(CONF_FILE_CONTENT, "its content and checksum")
                    .help("Serves the content of a configuration file's source, read from the conf-files directory"
                            + " of PLC's data directory (the original's boot server files). A node may read only"
                            + " the files its GetSlivers view carries; at most 1 MiB.")
                    .build());
}
