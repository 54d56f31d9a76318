package org.planetlab.cli.command;

import static java.util.Objects.requireNonNull;

/**
 * An option a command's action reads beyond the method's own, e.g. {@code --ip} of
 * {@code pl node add}.
 *
 * @param name the option, e.g. {@code --ip}
 * @param label its value's label, e.g. {@code ADDRESS}; empty for a flag, which takes no value
 * @param description one line of help
 */
public record ExtraOption(String name, String label, String description) {
    public ExtraOption {
        requireNonNull(name, "name is null");
        requireNonNull(label, "label is null");
        requireNonNull(description, "description is null");
    }

    /** A flag option ({@code --pcu}): given or not, with no value. */
    public static ExtraOption flag(String name, String description) {
        return new ExtraOption(name, "", description);
    }

    public boolean flag() {
        return label.isEmpty();
    }
}
