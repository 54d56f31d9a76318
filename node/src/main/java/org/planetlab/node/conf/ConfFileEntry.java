package org.planetlab.node.conf;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configuration file as GetSlivers carries it (the fields of GetConfFiles). Its mode must
 * be plain permission bits, at most 0775: PLC has no business making a node's file setuid or
 * writable by everyone.
 *
 * @param mode permission bits, e.g. {@code 0644}
 * @param preinstall words of the command run before installing (no shell); empty for none
 * @param postinstall words of the command run after installing; empty for none
 * @param error words of the command run when the pre- or post-install command fails; empty for none
 * @param ignoreCommandErrors whether the file is installed even if the pre-install command fails
 * @param alwaysUpdate whether the file is installed (and its commands run) even when unchanged
 */
public record ConfFileEntry(long id, String source, String destination, int mode, String owner, String group,
        List<String> preinstall, List<String> postinstall, List<String> error, boolean ignoreCommandErrors,
        boolean alwaysUpdate) {
    private static final String SHELL_CHARACTERS = ";|&$`<>(){}*?!~'\"\\\n";

    public ConfFileEntry {
        requireNonNull(source, "source is null");
        requireNonNull(destination, "destination is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(group, "group is null");
        preinstall = List.copyOf(preinstall);
        postinstall = List.copyOf(postinstall);
        error = List.copyOf(error);
        if ((mode & ~0775) != 0) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode)
                    + " is refused: only permission bits up to 0775 (no setuid, setgid, sticky or world-writable)");
        }
    }

    /** How the file is named in reports: its destination and id. */
    public String name() {
        return "conf file " + destination + " (conf_file_id " + id + ")";
    }

    /**
     * The entry of one GetSlivers {@code conf_files} element.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ConfFileEntry parse(Map<?, ?> wire) {
        if (!(wire.get("conf_file_id") instanceof Number id)) {
            throw new IllegalArgumentException("has no conf_file_id");
        }
        String permissions = text(wire, "file_permissions").orElse("0644");
        if (!permissions.matches("[0-7]{3,4}")) {
            throw new IllegalArgumentException("file_permissions '" + permissions + "' is not an octal mode such as 0644");
        }
        return new ConfFileEntry(id.longValue(), text(wire, "source").orElseThrow(() -> new IllegalArgumentException("has no source")),
                text(wire, "dest").orElseThrow(() -> new IllegalArgumentException("has no dest")),
                Integer.parseInt(permissions, 8), text(wire, "file_owner").orElse("root"), text(wire, "file_group").orElse("root"),
                command(wire, "preinstall_cmd"), command(wire, "postinstall_cmd"), command(wire, "error_cmd"),
                Boolean.TRUE.equals(wire.get("ignore_cmd_errors")), Boolean.TRUE.equals(wire.get("always_update")));
    }

    /**
     * A command's words. The original ran these through a shell; here they run without one, so
     * anything a shell would interpret is refused rather than passed on literally.
     */
    private static List<String> command(Map<?, ?> wire, String key) {
        String text = text(wire, key).orElse("").strip();
        if (text.isEmpty()) {
            return List.of();
        }
        for (char character : text.toCharArray()) {
            if (SHELL_CHARACTERS.indexOf(character) >= 0 || Character.isISOControl(character) && character != '\t') {
                throw new IllegalArgumentException(key + " '" + text + "' holds '" + character
                        + "': commands run without a shell, as plain words separated by spaces");
            }
        }
        return List.of(text.split("[ \t]+"));
    }

    private static Optional<String> text(Map<?, ?> wire, String key) {
        Object value = wire.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(key + " is not a string");
        }
        return Optional.ofNullable((String) value);
    }
}
