package org.planetlab.node.audit.page;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * The client a request is from. Behind HTTP on port 80 by name (docs/node-network.md) the page
 * listens on loopback and every request comes from the front, which names the client in the last
 * element of an RFC 7239 {@code Forwarded} header; only a request from loopback is believed, so a
 * client elsewhere cannot choose the address it is rate-limited as.
 */
final class ForwardedClient {
    private ForwardedClient() {}

    static String of(HttpExchange exchange) {
        InetAddress remote = exchange.getRemoteAddress().getAddress();
        List<String> headers = exchange.getRequestHeaders().get("Forwarded");
        if (!remote.isLoopbackAddress() || headers == null || headers.isEmpty()) {
            return remote.getHostAddress();
        }
        String header = headers.getLast();
        String last = header.substring(header.lastIndexOf(',') + 1);
        for (String pair : last.split(";")) {
            String[] parts = pair.strip().split("=", 2);
            if (parts.length == 2 && parts[0].strip().toLowerCase(Locale.ROOT).equals("for")) {
                String value = parts[1].strip().replace("\"", "");
                if (value.startsWith("[")) {
                    int end = value.indexOf(']');
                    return end > 0 ? value.substring(1, end) : remote.getHostAddress();
                }
                int colon = value.indexOf(':');
                String address = colon < 0 ? value : value.substring(0, colon);
                return address.isEmpty() || address.length() > 64 ? remote.getHostAddress() : address;
            }
        }
        return remote.getHostAddress();
    }
}
