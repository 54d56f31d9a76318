package org.planetlab.plc.node;

import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;

/** Finds node groups by id or name. */
public final class NodeGroups {
    private NodeGroups() {}

    /** The id of the node group the reference names. */
    public static long requireId(Handle handle, NodeGroupRef ref) {
        Object key = ref.key();
        String column = key instanceof Long ? "nodegroup_id" : "groupname";
        return handle.createQuery("SELECT nodegroup_id FROM nodegroups WHERE " + column + " = :ref")
                .bind("ref", key).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound(key instanceof Long id
                        ? "no node group with nodegroup_id " + id : "no node group named \"" + key + "\""));
    }
}
