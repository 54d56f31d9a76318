package org.planetlab.node.audit.upload;

import java.util.Map;

/** Where batches go: PLC's {@code UploadFlows(auth, batch)}, answering {sequence, stored, duplicate}. */
public interface FlowSink {
    /**
     * @param batch the batch's wire form ({@code FlowWire.toWire(batch)})
     * @return PLC's answer
     * @throws org.planetlab.api.error.PlanetLabException when PLC refuses or cannot be reached
     */
    Map<?, ?> upload(Map<String, Object> batch);
}
