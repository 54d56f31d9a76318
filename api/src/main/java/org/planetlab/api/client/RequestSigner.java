package org.planetlab.api.client;

import java.util.Map;

/** Adds headers that authenticate a whole HTTP request, such as a node's signature. */
@FunctionalInterface
public interface RequestSigner {
    RequestSigner NONE = (method, pathAndQuery, body) -> Map.of();

    Map<String, String> headers(String method, String pathAndQuery, byte[] body);
}
