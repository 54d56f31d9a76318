package org.planetlab.node.audit.page;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.SliceContact;

/** The page's HTML: plain, server-rendered, every value escaped. */
final class Html {
    private Html() {}

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String page(NodeDescription node, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>PlanetLab node %1$s</title></head>
                <body>
                <h1>PlanetLab node %1$s</h1>
                <p>This machine is a node of PlanetLab, a testbed on which researchers run experiments (slices)
                across the Internet. Its traffic comes from those research slices, not from the site that hosts it%2$s.</p>
                %3$s
                <p>If traffic from this machine bothers you, find the slice responsible below and report it: the
                report reaches the slice's researchers, their principal investigators and PlanetLab's operators.</p>
                %4$s
                </body></html>
                """.formatted(escape(node.hostname()),
                node.siteName().isEmpty() ? "" : " (" + escape(node.siteName()) + ")",
                node.techContact().isEmpty() ? "" : "<p>The site's technical contact: " + escape(node.techContact()) + ".</p>",
                body);
    }

    static String form(Map<String, String> values) {
        return """
                <form method="get" action="/">
                <p><label>Remote address (that received the traffic) <input name="remote" value="%s" maxlength="45"></label></p>
                <p><label>Time (UTC, e.g. 2026-12-06 20:15) <input name="time" value="%s" maxlength="32"></label>
                or from <input name="from" value="%s" maxlength="32"> to <input name="to" value="%s" maxlength="32"></p>
                <p><label>Port (optional) <input name="port" value="%s" maxlength="5"></label>
                <label>Protocol (optional: tcp, udp, icmp or a number) <input name="protocol" value="%s" maxlength="5"></label></p>
                <p><button type="submit">Find the responsible slice</button></p>
                </form>
                """.formatted(value(values, "remote"), value(values, "time"), value(values, "from"), value(values, "to"),
                value(values, "port"), value(values, "protocol"));
    }

    static String error(String message) {
        return "<p><strong>Your query was refused:</strong> " + escape(message) + "</p>";
    }

    static String results(List<FlowRecord> flows, Map<Integer, SliceContact> contacts, boolean contactsAvailable,
            String rawQuery) {
        if (flows.isEmpty()) {
            return "<p>No flow of this node matches: it exchanged no traffic with that address in that time.</p>";
        }
        StringBuilder out = new StringBuilder("<h2>Matching flows</h2>\n<table border=\"1\"><tr><th>start (UTC)</th><th>end</th>"
                + "<th>protocol</th><th>this node's address:port</th><th>remote address:port</th><th>packets out/in</th>"
                + "<th>bytes out/in</th><th>dropped by the node</th><th>slice</th><th>report</th></tr>\n");
        for (int i = 0; i < flows.size(); i++) {
            FlowRecord flow = flows.get(i);
            out.append("<tr><td>").append(Instant.ofEpochMilli(flow.startMillis())).append("</td><td>")
                    .append(Instant.ofEpochMilli(flow.endMillis())).append("</td><td>").append(protocolName(flow.protocol()))
                    .append("</td><td>").append(escape(flow.publicAddress())).append(':').append(flow.publicPort())
                    .append("</td><td>").append(escape(flow.remoteAddress())).append(':').append(flow.remotePort())
                    .append("</td><td>").append(flow.packetsOut()).append(" / ").append(flow.packetsIn())
                    .append("</td><td>").append(flow.bytesOut()).append(" / ").append(flow.bytesIn())
                    .append("</td><td>").append(flow.dropped() ? "yes" : "no")
                    .append("</td><td>").append(escape(flow.sliceName()))
                    .append("</td><td><a href=\"/report?").append(escape(rawQuery)).append("&amp;flow=").append(i)
                    .append("\">report this traffic</a></td></tr>\n");
        }
        out.append("</table>\n<h2>Responsible slices</h2>\n");
        flows.stream().mapToInt(FlowRecord::sliceId).distinct().forEach(sliceId -> {
            FlowRecord any = flows.stream().filter(flow -> flow.sliceId() == sliceId).findFirst().orElseThrow();
            SliceContact contact = contacts.get(sliceId);
            out.append("<h3>").append(escape(any.sliceName())).append("</h3>\n");
            if (contact == null) {
                out.append("<p>").append(contactsAvailable ? "PLC knows no contact details for this slice."
                        : "The slice's contact details are unavailable right now (PLC did not answer); "
                        + "the report form still reaches its researchers through PLC.").append("</p>\n");
            } else {
                out.append("<p>").append(escape(contact.description())).append("</p>\n<ul>")
                        .append("<li>web page: ").append(escape(contact.url())).append("</li>")
                        .append("<li>site: ").append(escape(contact.siteName())).append("</li>")
                        .append("<li>researchers: ").append(escape(String.join(", ", contact.users()))).append("</li>")
                        .append("<li>principal investigators: ").append(escape(String.join(", ", contact.pis()))).append("</li>")
                        .append("<li>technical contacts: ").append(escape(String.join(", ", contact.techs()))).append("</li></ul>\n");
            }
        });
        return out.toString();
    }

    static String reportForm(FlowRecord flow, String rawQuery, int index) {
        return """
                <h2>Report traffic of slice %s</h2>
                <p>%s from this node's %s:%d to %s:%d, %s to %s (UTC).</p>
                <form method="post" action="/report?%s&amp;flow=%d">
                <p><label>Your name <input name="reporter_name" maxlength="100"></label></p>
                <p><label>Your e-mail address (for the answer) <input name="reporter_email" maxlength="254"></label></p>
                <p><label>What happened <textarea name="text" rows="6" cols="60" maxlength="4000"></textarea></label></p>
                <p><button type="submit">Send the report</button></p>
                </form>
                """.formatted(escape(flow.sliceName()), protocolName(flow.protocol()), escape(flow.publicAddress()),
                flow.publicPort(), escape(flow.remoteAddress()), flow.remotePort(), Instant.ofEpochMilli(flow.startMillis()),
                Instant.ofEpochMilli(flow.endMillis()), escape(rawQuery), index);
    }

    static String protocolName(int protocol) {
        return switch (protocol) {
            case 1 -> "ICMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            default -> "IP protocol " + protocol;
        };
    }

    private static String value(Map<String, String> values, String name) {
        return escape(values.getOrDefault(name, ""));
    }
}
