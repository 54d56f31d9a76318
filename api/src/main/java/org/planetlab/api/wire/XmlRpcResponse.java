package org.planetlab.api.wire;

import static java.util.Objects.requireNonNull;

/** A decoded XML-RPC {@code methodResponse}: a value or a fault. */
public sealed interface XmlRpcResponse {
    /** A successful answer; {@code value} is in the neutral model of {@link WireValues}. */
    record Success(Object value) implements XmlRpcResponse {}

    /** A fault with its numeric code and human-readable string. */
    record Fault(int faultCode, String faultString) implements XmlRpcResponse {
        public Fault {
            requireNonNull(faultString, "faultString is null");
        }
    }
}
