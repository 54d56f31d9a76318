package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Names;
import org.planetlab.trust.key.KeyFiles;

/**
 * Reads and writes {@code plnode.txt}: one {@code KEY = "value"} per line, keys upper case,
 * values in double quotes without quotes or backslashes inside; blank lines and lines starting
 * with {@code #} are ignored. Required: {@code IP_METHOD}, {@code HOST_NAME}, {@code NODE_KEY},
 * {@code NODE_ID} (and {@code IP_ADDRESS} for static addressing). Any other malformed line is
 * refused with a message naming its line number, and never quoting a value (the file holds a
 * secret). The file is written 0600 and refused on read if group or others may access it.
 */
public final class PlnodeFile {
    private static final int MAX_CHARS = 64 * 1024;
    private static final Pattern LINE = Pattern.compile("([A-Z][A-Z0-9_]{0,63})[ \\t]*=[ \\t]*\"([^\"\\\\\\p{Cntrl}]*)\"[ \\t]*");

    private PlnodeFile() {
    }

    public static PlnodeConfig read(Path file) {
        requireNonNull(file, "file is null");
        try {
            return parse(KeyFiles.readPrivate(file));
        } catch (PlanetLabException e) {
            throw new PlanetLabException(e.code(), file + ": " + e.getMessage(), e);
        }
    }

    public static void write(Path file, PlnodeConfig config) {
        KeyFiles.writePrivate(requireNonNull(file, "file is null"), format(config));
    }

    /** Parses the text of a plnode.txt file. */
    public static PlnodeConfig parse(String text) {
        requireNonNull(text, "text is null");
        if (text.length() > MAX_CHARS) {
            throw malformed("plnode.txt is larger than " + MAX_CHARS + " characters");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String[] rows = text.split("\r?\n", -1);
        for (int index = 0; index < rows.length; index++) {
            int lineNumber = index + 1;
            String row = rows[index].strip();
            if (row.isEmpty() || row.startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(row);
            if (!matcher.matches()) {
                throw malformed("plnode.txt line " + lineNumber + ": expected KEY = \"value\" (upper-case key, value in double quotes"
                        + " without quotes, backslashes or control characters)");
            }
            String key = matcher.group(1);
            if (values.putIfAbsent(key, matcher.group(2)) != null) {
                throw malformed("plnode.txt line " + lineNumber + ": " + key + " is already set on line " + lines.get(key));
            }
            lines.put(key, lineNumber);
        }
        return toConfig(values, lines);
    }

    /** The file text for a configuration, known keys first in the seed's order. */
    public static String format(PlnodeConfig config) {
        requireNonNull(config, "config is null");
        StringBuilder text = new StringBuilder();
        line(text, "IP_METHOD", config.ipMethod().fileValue());
        config.ipAddress().ifPresent(address -> line(text, "IP_ADDRESS", address));
        line(text, "HOST_NAME", config.hostname());
        config.netDevice().ifPresent(device -> line(text, "NET_DEV", device));
        line(text, "NODE_KEY", config.nodeKey().encoded());
        line(text, "NODE_ID", Long.toString(config.nodeId()));
        config.extra().forEach((key, value) -> line(text, key, value));
        return text.toString();
    }

    private static PlnodeConfig toConfig(Map<String, String> values, Map<String, Integer> lines) {
        TreeMap<String, String> remaining = new TreeMap<>(values);
        String method = take(remaining, "IP_METHOD");
        String address = remaining.remove("IP_ADDRESS");
        String hostname = take(remaining, "HOST_NAME");
        String device = remaining.remove("NET_DEV");
        String key = take(remaining, "NODE_KEY");
        String nodeId = take(remaining, "NODE_ID");
        PlnodeConfig.IpMethod ipMethod = switch (method) {
            case "dhcp" -> PlnodeConfig.IpMethod.DHCP;
            case "static" -> PlnodeConfig.IpMethod.STATIC;
            default -> throw malformed("plnode.txt line " + lines.get("IP_METHOD") + ": IP_METHOD must be \"dhcp\" or \"static\"");
        };
        NodeKey nodeKey = onLine(lines, "NODE_KEY", () -> NodeKey.parse(key));
        long id = onLine(lines, "NODE_ID", () -> Names.parseNodeId(nodeId, "NODE_ID"));
        String checkedHost = onLine(lines, "HOST_NAME", () -> Names.hostname(hostname));
        Optional<String> checkedAddress = address == null ? Optional.empty()
                : Optional.of(onLine(lines, "IP_ADDRESS", () -> PlnodeConfig.checkAddress(address)));
        if (device != null && !device.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
            throw malformed("plnode.txt line " + lines.get("NET_DEV") + ": NET_DEV must be a MAC address such as 00:06:5B:EC:33:BB");
        }
        return onLine(Map.of(), "", () -> new PlnodeConfig(ipMethod, checkedAddress, checkedHost, Optional.ofNullable(device),
                nodeKey, id, remaining));
    }

    private static String take(TreeMap<String, String> values, String key) {
        String value = values.remove(key);
        if (value == null) {
            throw malformed("plnode.txt lacks " + key);
        }
        return value;
    }

    private static <T> T onLine(Map<String, Integer> lines, String key, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (PlanetLabException e) {
            Integer line = lines.get(key);
            throw malformed("plnode.txt" + (line == null ? "" : " line " + line) + ": " + e.getMessage());
        }
    }

    private static void line(StringBuilder text, String key, String value) {
        text.append(key).append(" = \"").append(value).append("\"\n");
    }

    private static PlanetLabException malformed(String message) {
        return new PlanetLabException(ErrorCode.MALFORMED_REQUEST, message);
    }
}
