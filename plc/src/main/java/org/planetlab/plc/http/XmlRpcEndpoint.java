package org.planetlab.plc.http;

import static java.util.Objects.requireNonNull;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.api.wire.XmlRpcCall;
import org.planetlab.api.wire.XmlRpcFaults;
import org.planetlab.api.wire.XmlRpcReader;
import org.planetlab.api.wire.XmlRpcWriter;
import org.planetlab.plc.api.Dispatcher;
import org.planetlab.plc.auth.RequestContext;

/**
 * The PLCAPI-compatible XML-RPC endpoint ({@code POST /PLCAPI/}). Every answer to a well-formed
 * HTTP request is an XML-RPC response with status 200: a result, or a fault whose string starts
 * with the method name, as PLCAPI's do, numbered by {@link XmlRpcFaults}.
 */
final class XmlRpcEndpoint {
    private static final String CONTENT_TYPE = "text/xml; charset=utf-8";

    private final Dispatcher dispatcher;
    private final WireLimits limits;
    private final XmlRpcReader reader;
    private final XmlRpcWriter writer = new XmlRpcWriter();

    XmlRpcEndpoint(Dispatcher dispatcher, WireLimits limits) {
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.reader = new XmlRpcReader(limits);
    }

    void handle(Request request, Response response, Callback callback) {
        if (!request.getMethod().equals("POST")) {
            response.getHeaders().put("Allow", "POST");
            HttpExchange.sendText(response, callback, 405,
                    "This is the PLCAPI XML-RPC endpoint: POST an XML-RPC methodCall to it.");
            return;
        }
        String methodName = null;
        byte[] answer;
        try {
            byte[] body = HttpExchange.readBody(request, limits.maxBytes());
            RequestContext context = HttpExchange.context(request, body);
            XmlRpcCall call = reader.readCall(body);
            methodName = call.methodName();
            Object result = dispatcher.invoke(methodName, call.params(), context);
            answer = writer.writeResponse(result);
        } catch (PlanetLabException e) {
            String prefix = methodName == null ? "" : methodName + ": ";
            answer = writer.writeFault(XmlRpcFaults.fault(e.code(), prefix + e.getMessage()));
        } catch (java.io.IOException e) {
            answer = writer.writeFault(XmlRpcFaults.fault(ErrorCode.MALFORMED_REQUEST,
                    "could not read the request: " + e.getMessage()));
        }
        HttpExchange.send(response, callback, 200, CONTENT_TYPE, answer);
    }
}
