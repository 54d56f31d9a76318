package org.planetlab.am.http;

import java.security.cert.X509Certificate;
import java.util.List;
import org.planetlab.api.wire.XmlRpcResponse;

/**
 * A GENI interface served as XML-RPC over TLS (the aggregate manager, the registry): which methods
 * it offers and how it answers one call of the client whose certificate chain the handshake gave.
 */
public interface GeniService {
    /** Whether {@code method} is one of this interface's calls (others are XML-RPC faults). */
    boolean knows(String method);

    /** What this interface is, for a GET and for unknown methods: "a GENI aggregate manager (AM API v3)". */
    String description();

    /** The methods, for the fault that answers an unknown one. */
    List<String> methods();

    /** Answers one call; {@code callerChain} is the client's certificate chain, its own first (empty without one). */
    XmlRpcResponse call(String method, List<Object> params, List<X509Certificate> callerChain);
}
