package org.planetlab.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.planetlab.boot.manager.NodeDisk;

/**
 * Node agent software that differs from the build's, made without building: the agent's own jar
 * (the one on the testbed launcher's class path) copied with a manifest naming another
 * {@code Implementation-Version}, which the agent reports in its heartbeats, and a launcher that
 * runs that jar from the release's directory instead of the testbed's copy. So a node whose
 * heartbeats name the new version runs code the release brought (its libraries still come from
 * the testbed's copy).
 */
final class NewAgentSoftware {
    /** The agent's jar in the release. */
    static final String AGENT_JAR = "planetlab-node.jar";
    private static final Pattern CLASS_PATH = Pattern.compile("'-cp' '([^':]+\\.jar):");

    private NewAgentSoftware() {}

    /** The launcher and the agent's jar of a release carrying agent {@code version}, from the testbed's {@code launcher}. */
    static Map<String, byte[]> files(String launcher, String version) {
        Matcher jar = CLASS_PATH.matcher(launcher);
        if (!jar.find()) {
            throw new IllegalStateException("the testbed's agent launcher names no agent jar first on its class path: " + launcher);
        }
        String ownJar = launcher.substring(0, jar.start(1) - 1) + "\"$(dirname \"$0\")\"'/" + AGENT_JAR + ":"
                + launcher.substring(jar.end());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(NodeDisk.AGENT_LAUNCHER, ownJar.getBytes(StandardCharsets.UTF_8));
        files.put(AGENT_JAR, withVersion(Path.of(jar.group(1)), version));
        return files;
    }

    /** The jar at {@code path} with {@code version} as its manifest's Implementation-Version. */
    private static byte[] withVersion(Path path, String version) {
        try (JarFile jar = new JarFile(path.toFile())) {
            Manifest manifest = jar.getManifest() == null ? new Manifest() : new Manifest(jar.getManifest());
            manifest.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = jar.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the agent's jar " + path, e);
        }
    }
}
