package org.planetlab.plc.tagging;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.node.NodeFlavourApi;
import org.planetlab.api.slice.SliceLookupApi;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.node.Nodes;

/** GetNodeFlavour: a node's base installation, from the tags its accessors set. */
public final class NodeFlavours {
    public void register(MethodRegistry registry) {
        registry.bind("GetNodeFlavour", call -> flavour(call.db(), call.arg(0)));
    }

    private static Map<String, Object> flavour(Handle handle, Object nodeIdOrHostname) {
        Nodes.NodeRecord node = Nodes.require(handle, nodeIdOrHostname);
        String arch = tag(handle, node, "arch").orElse(SliceLookupApi.DEFAULT_ARCH);
        String pldistro = tag(handle, node, "pldistro").orElse(SliceLookupApi.DEFAULT_PLDISTRO);
        String fcdistro = tag(handle, node, "fcdistro").orElse(SliceLookupApi.DEFAULT_FCDISTRO);
        Map<String, Object> flavour = new LinkedHashMap<>();
        flavour.put("nodefamily", tag(handle, node, "deployment").orElse(pldistro + "-" + fcdistro + "-" + arch));
        flavour.put("fcdistro", fcdistro);
        flavour.put("extensions", tag(handle, node, "extensions").map(extensions -> Arrays.stream(
                extensions.strip().split("\\s+")).map(extension -> extension + "-" + fcdistro + "-" + arch).toList())
                .orElse(java.util.List.of()));
        flavour.put("plain", tag(handle, node, "plain-bootstrapfs").isPresent());
        flavour.put("virt", tag(handle, node, "virt").orElse(NodeFlavourApi.DEFAULT_VIRT));
        return flavour;
    }

    private static Optional<String> tag(Handle handle, Nodes.NodeRecord node, String tagname) {
        return handle.createQuery("SELECT j.value FROM node_tags j JOIN tag_types y ON y.tag_type_id = j.tag_type_id"
                        + " WHERE j.node_id = :node AND y.tagname = :name")
                .bind("node", node.nodeId()).bind("name", tagname).mapTo(String.class).findFirst()
                .filter(value -> !value.isBlank());
    }
}
