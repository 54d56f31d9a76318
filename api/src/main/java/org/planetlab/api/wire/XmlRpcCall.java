package org.planetlab.api.wire;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A decoded XML-RPC {@code methodCall}: the method name and its positional parameters. */
public record XmlRpcCall(String methodName, List<Object> params) {
    public XmlRpcCall {
        requireNonNull(methodName, "methodName is null");
        // Parameters may be nil, which List.copyOf refuses.
        params = Collections.unmodifiableList(new ArrayList<>(requireNonNull(params, "params is null")));
    }
}
