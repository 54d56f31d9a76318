package org.planetlab.cli.command;

import static java.util.Objects.requireNonNull;

/**
 * An option a command's action reads beyond the method's own, e.g. {@code --ip} of
 * {@code pl node add}.
 *
 * @param name the option, e.g. {@code --ip}
 * @param label its value's label, e.g. {@code ADDRESS}
 * @param description one line of help
 */
public record ExtraOption(String name, String label, String description) {
    public ExtraOption {
        requireNonNull(name, "name is null");
        requireNonNull(label, "label is null");
        requireNonNull(description, "description is null");
    }
}
