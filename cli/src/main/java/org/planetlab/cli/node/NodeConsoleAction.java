package org.planetlab.cli.node;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.planetlab.cli.command.Action;
import org.planetlab.cli.command.Invocation;

/**
 * {@code pl node console NODE}: the console output the node uploaded after its last boots, each
 * the end of what the boot before said, oldest first so the latest ends the output; with
 * {@code --json}, the records as PLC returns them.
 */
public final class NodeConsoleAction implements Action {
    @Override
    public Object run(Invocation invocation) {
        Object result = invocation.call();
        if (invocation.context().json()) {
            return result;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> consoles = (List<Map<String, Object>>) result;
        if (consoles.isEmpty()) {
            invocation.context().message("node " + invocation.arguments().getFirst() + " has uploaded no console log");
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> console : consoles.reversed()) {
            text.append("--- boot started ").append(Instant.ofEpochSecond((Long) console.get("boot_started")))
                    .append(", uploaded ").append(Instant.ofEpochSecond((Long) console.get("uploaded"))).append(" ---\n")
                    .append((String) console.get("text"));
            if (text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
        }
        return text.toString();
    }
}
