package org.planetlab.plc.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to requests the HTTP layer refuses before an endpoint sees them (a malformed
 * request line or header, an ambiguous path): the status and its reason in plain text. The
 * HTTP server's own pages name it and its version, and may echo what the client sent.
 */
final class PlainErrors extends ErrorHandler {
    private static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(text(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, CONTENT_TYPE));
        return ByteBuffer.wrap(text(status));
    }

    private static byte[] text(int status) {
        return ("%d %s: the request was refused before it reached the PLC API (/PLCAPI/ or /api/v1/)%n"
                .formatted(status, HttpStatus.getMessage(status))).getBytes(StandardCharsets.UTF_8);
    }
}
