package org.planetlab.boot.manager;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.planetlab.boot.medium.BootMedium;
import org.planetlab.trust.node.PlnodeConfig;

/**
 * The node agent's configuration file, made by the boot manager at each boot from three sources,
 * later ones winning: the defaults that came with the signed release ({@value NodeDisk#AGENT_DEFAULTS}),
 * what the boot itself decided (where plnode.txt, the medium's CA and roots, the state directory
 * are; PLC's address; the node's address), and the node's own settings in plnode.txt: a line
 * {@code AGENT_UID_BASE = "100000"} sets the agent's {@code uid-base}. Nothing else on the node is read.
 */
final class AgentConfiguration {
    static final String PLNODE_PREFIX = "AGENT_";

    private AgentConfiguration() {}

    /** Writes the agent's configuration and returns its settings. */
    static Map<String, String> write(NodeDisk disk, BootMedium medium, Path plnodeFile, PlnodeConfig plnode) {
        Map<String, String> values = new TreeMap<>(defaults(disk.software().resolve(NodeDisk.AGENT_DEFAULTS)));
        values.put("plnode-file", plnodeFile.toAbsolutePath().toString());
        values.put("plc-url", medium.bootServer().toString());
        values.put("plc-ca-file", medium.directory().resolve(BootMedium.CA_FILE).toAbsolutePath().toString());
        values.put("trust-roots-dir", medium.trustRoots().toAbsolutePath().toString());
        values.put("state-dir", disk.state().toAbsolutePath().toString());
        plnode.ipAddress().ifPresent(address -> values.put("node-address", address));
        plnode.extra().forEach((key, value) -> {
            if (key.startsWith(PLNODE_PREFIX)) {
                values.put(key.substring(PLNODE_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-'), value);
            }
        });
        StringBuilder text = new StringBuilder("# Written by the boot manager at boot; see docs/boot.md\n");
        values.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        try {
            Files.writeString(disk.agentConfig(), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + disk.agentConfig(), e);
        }
        return values;
    }

    private static Map<String, String> defaults(Path file) {
        Map<String, String> values = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the release's " + file, e);
        }
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).strip()));
        return values;
    }
}
