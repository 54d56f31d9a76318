package org.planetlab.api.wire;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A decoded XML-RPC {@code methodResponse}: a value or a fault. */
public sealed interface XmlRpcResponse {
    /** A successful answer; {@code value} is in the neutral model of {@link WireValues}. */
    record Success(Object value) implements XmlRpcResponse {}

    /**
     * A fault with its numeric code and human-readable string, and the name of its error code
     * when the server sent one ({@link XmlRpcFaults} explains why both travel).
     */
    record Fault(int faultCode, String faultString, Optional<String> errorCode) implements XmlRpcResponse {
        public Fault {
            requireNonNull(faultString, "faultString is null");
            requireNonNull(errorCode, "errorCode is null");
        }

        /** A fault as PLCAPI sends it, with a number and a string only. */
        public Fault(int faultCode, String faultString) {
            this(faultCode, faultString, Optional.empty());
        }
    }
}
