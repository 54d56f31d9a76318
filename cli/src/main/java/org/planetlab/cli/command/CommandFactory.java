package org.planetlab.cli.command;

import picocli.CommandLine.Model.CommandSpec;

/** Creates one command of the tree for a run. */
@FunctionalInterface
public interface CommandFactory {
    CommandSpec create(CommandContext context);
}
