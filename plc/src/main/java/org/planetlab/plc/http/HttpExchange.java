package org.planetlab.plc.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.RequestContext;

/** Small pieces of HTTP plumbing shared by the endpoints: bounded bodies and plain answers. */
final class HttpExchange {
    private HttpExchange() {}

    /**
     * How much of a too-large body is still read, and thrown away, before the refusal is sent.
     * A client that has not finished sending when the server answers and closes the connection
     * sees a reset instead of the answer; reading the rest first lets it read why it was refused.
     * A body beyond this bound is refused at once, and its sender may see only the reset.
     */
    static final long DISCARD_LIMIT = 64L * 1024 * 1024;

    /** Reads the request body, refusing more than {@code maxBytes}. */
    static byte[] readBody(Request request, int maxBytes) throws IOException {
        long declared = request.getLength();
        try (InputStream input = Content.Source.asInputStream(request)) {
            if (declared > maxBytes) {
                if (declared <= DISCARD_LIMIT) {
                    discard(input, declared);
                }
                throw tooLarge(declared, maxBytes);
            }
            byte[] body = input.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                discard(input, DISCARD_LIMIT - body.length);
                throw tooLarge(-1, maxBytes);
            }
            return body;
        }
    }

    /**
     * Reads what an answer leaves unread of the request body (a body sent with a GET, a wrong verb
     * or to an unknown path). A body left unread makes the server close the connection after the
     * answer, and a client that has not seen the close yet sends its next request into it.
     */
    private static void discardUnread(Request request) {
        try (InputStream rest = Content.Source.asInputStream(request)) {
            // Nearly every request was read whole: look for one byte more before taking a buffer
            // for the rest (a 64 KiB buffer for every answer was a fifth of what requests allocated).
            if (rest.read() >= 0) {
                discard(rest, DISCARD_LIMIT - 1);
            }
        } catch (IOException e) {
            // The body was refused and closed already, or the client is gone: answer all the same.
        }
    }

    /** Reads and drops up to {@code limit} more bytes of the body, stopping at its end. */
    private static void discard(InputStream input, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long discarded = 0;
        while (discarded < limit) {
            int read = input.read(buffer, 0, (int) Math.min(buffer.length, limit - discarded));
            if (read < 0) {
                return;
            }
            discarded += read;
        }
    }

    private static PlanetLabException tooLarge(long size, int maxBytes) {
        return new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE,
                "the request body has %s bytes; the limit is %d".formatted(size < 0 ? "too many" : Long.toString(size),
                        maxBytes));
    }

    static RequestContext context(Request request, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getName(), field.getValue(), (first, second) -> first + ", " + second);
        }
        // The raw target as sent: node signatures cover it byte for byte.
        return new RequestContext(remoteAddress(request), request.getMethod(), request.getHttpURI().getPathQuery(),
                headers, body);
    }

    static InetAddress remoteAddress(Request request) {
        SocketAddress address = request.getConnectionMetaData().getRemoteSocketAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }

    static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        discardUnread(response.getRequest());
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static void sendText(Response response, Callback callback, int status, String text) {
        send(response, callback, status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
