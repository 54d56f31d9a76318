package org.planetlab.am.http;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.api.wire.XmlRpcCall;
import org.planetlab.api.wire.XmlRpcReader;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.api.wire.XmlRpcWriter;

/**
 * The XML-RPC endpoint of a GENI interface (POST to any path, as GENI clients use the URL they are
 * given). What is not a call of the interface at all (an unreadable request, an unknown method) is
 * an XML-RPC fault, as XML-RPC servers answer those; the rest is the interface's answer (the AM
 * answers every call with a result struct, the registry with a value or a fault carrying the GENI
 * code).
 */
final class AmEndpoint extends Handler.Abstract {
    /** XML-RPC's conventional fault numbers (the specification for fault codes of xmlrpc-epi). */
    private static final int PARSE_ERROR = -32700;
    private static final int METHOD_NOT_FOUND = -32601;

    private final GeniService service;
    private final WireLimits limits;
    private final XmlRpcReader reader;
    private final XmlRpcWriter writer = new XmlRpcWriter();

    AmEndpoint(GeniService service, WireLimits limits) {
        this.service = service;
        this.limits = limits;
        this.reader = new XmlRpcReader(limits);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!request.getMethod().equals("POST")) {
            response.setStatus(405);
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            send(response, callback, "text/plain; charset=utf-8",
                    ("This is " + service.description() + ": POST XML-RPC calls to it.").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return true;
        }
        byte[] answer;
        try {
            byte[] body = read(request);
            XmlRpcCall call = reader.readCall(body);
            if (!service.knows(call.methodName())) {
                answer = writer.writeFault(new XmlRpcResponse.Fault(METHOD_NOT_FOUND, "method " + call.methodName()
                        + " is not offered; this is " + service.description() + ": " + service.methods()));
            } else {
                answer = switch (service.call(call.methodName(), call.params(), peerCertificates(request))) {
                    case XmlRpcResponse.Success success -> writer.writeResponse(success.value());
                    case XmlRpcResponse.Fault fault -> writer.writeFault(fault);
                };
            }
        } catch (PlanetLabException e) {
            answer = writer.writeFault(new XmlRpcResponse.Fault(PARSE_ERROR, "the request is not a readable XML-RPC call: " + e.getMessage()));
        } catch (java.io.IOException e) {
            answer = writer.writeFault(new XmlRpcResponse.Fault(PARSE_ERROR, "could not read the request: " + e.getMessage()));
        }
        response.setStatus(200);
        send(response, callback, "text/xml; charset=utf-8", answer);
        return true;
    }

    private byte[] read(Request request) throws java.io.IOException {
        try (InputStream input = Content.Source.asInputStream(request)) {
            byte[] body = input.readNBytes(limits.maxBytes() + 1);
            if (body.length > limits.maxBytes()) {
                throw new java.io.IOException("the request is larger than " + limits.maxBytes() + " bytes");
            }
            return body;
        }
    }

    private static List<X509Certificate> peerCertificates(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData session
                && session.peerCertificates() != null) {
            return Arrays.asList(session.peerCertificates());
        }
        return List.of();
    }

    private static void send(Response response, Callback callback, String contentType, byte[] body) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
