package org.planetlab.node.vsys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.state.VmRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The helpers a node offers and who may call them, as read at one moment: the built-in ones and
 * the scripts installed in the scripts directory, and for each the slices granted it, by their
 * {@code vsys} attribute (set at PLC) or by the node's own {@code <script>.acl} file (one slice
 * name a line; {@code #} starts a comment), as the original's ACL files listed them.
 *
 * <p>An installed script counts only if it is a regular file (not a link), executable, owned by
 * root (the agent's user) and writable by nobody else, named like a slice attribute value (letters, digits, '.',
 * '-', '_'), and not named like a built-in helper.
 */
final class VsysScripts {
    private static final Logger LOG = LoggerFactory.getLogger(VsysScripts.class);
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    /** The agent runs as root on a node; a test agent may run as another user, who owns its scripts. */
    private static final String AGENT_USER = System.getProperty("user.name");

    private final Map<String, VsysHelper> helpers;
    private final Map<String, Set<String>> aclSlices;

    private VsysScripts(Map<String, VsysHelper> helpers, Map<String, Set<String>> aclSlices) {
        this.helpers = Map.copyOf(helpers);
        this.aclSlices = Map.copyOf(aclSlices);
    }

    /** Reads the scripts directory (which may be missing: then only the built-in helpers). */
    static VsysScripts read(Path directory, Map<String, VsysHelper> builtIns) {
        Map<String, VsysHelper> helpers = new LinkedHashMap<>(builtIns);
        Map<String, Set<String>> acls = new HashMap<>();
        if (Files.isDirectory(directory)) {
            try (var entries = Files.list(directory)) {
                for (Path entry : entries.sorted().toList()) {
                    String name = entry.getFileName().toString();
                    if (name.endsWith(".acl") && name.substring(0, name.length() - 4).matches(NAME)) {
                        acls.put(name.substring(0, name.length() - 4), aclSlices(entry));
                    } else if (name.matches(NAME) && installable(entry)) {
                        if (builtIns.containsKey(name)) {
                            LOG.warn("vsys script {} in {} is named like a built-in helper; the built-in one is used", name, directory);
                        } else {
                            helpers.put(name, new InstalledScript(entry));
                        }
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot read the vsys scripts in {}: {}; only the built-in helpers are offered", directory, e.getMessage());
            }
        }
        return new VsysScripts(helpers, acls);
    }

    private static boolean installable(Path script) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(script, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> permissions = attributes.permissions();
        boolean safe = attributes.isRegularFile() && permissions.contains(PosixFilePermission.OWNER_EXECUTE)
                && !permissions.contains(PosixFilePermission.GROUP_WRITE) && !permissions.contains(PosixFilePermission.OTHERS_WRITE)
                && (attributes.owner().getName().equals("root") || attributes.owner().getName().equals(AGENT_USER));
        if (!safe) {
            LOG.warn("vsys script {} is not offered: it must be a regular file owned by root, executable, writable by its owner only",
                    script);
        }
        return safe;
    }

    private static Set<String> aclSlices(Path acl) throws IOException {
        Set<String> slices = new TreeSet<>();
        for (String line : Files.readAllLines(acl, StandardCharsets.UTF_8)) {
            String slice = line.replaceFirst("#.*", "").strip();
            if (slice.matches(NAME)) {
                slices.add(slice);
            } else if (!slice.isEmpty()) {
                LOG.warn("vsys ACL {}: '{}' is not a slice name; ignored", acl, slice.length() > 40 ? slice.substring(0, 40) : slice);
            }
        }
        return slices;
    }

    /** True if {@code other} offers the same helpers (the same built-in ones, scripts at the same paths) with the same ACLs. */
    boolean sameAs(VsysScripts other) {
        if (!helpers.keySet().equals(other.helpers.keySet()) || !aclSlices.equals(other.aclSlices)) {
            return false;
        }
        for (Map.Entry<String, VsysHelper> helper : helpers.entrySet()) {
            VsysHelper theirs = other.helpers.get(helper.getKey());
            boolean same = helper.getValue() instanceof InstalledScript mine
                    ? theirs instanceof InstalledScript script && mine.path().equals(script.path())
                    : helper.getValue() == theirs;
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** The helper of that name, if the node offers it. */
    VsysHelper helper(String script) {
        return helpers.get(script);
    }

    /** The helpers this VM's slice may call: granted by its attribute or an ACL, and offered here. */
    Set<String> granted(VmRecord vm) {
        Set<String> granted = new TreeSet<>(RspecAttribute.VSYS.names(vm.rspec().valueOrDefault(RspecAttribute.VSYS)));
        aclSlices.forEach((script, slices) -> {
            if (slices.contains(vm.name())) {
                granted.add(script);
            }
        });
        granted.retainAll(helpers.keySet());
        return granted;
    }

    List<String> offered() {
        return List.copyOf(helpers.keySet());
    }
}
