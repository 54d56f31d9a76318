package org.planetlab.cli;

import org.planetlab.cli.command.Terminal;

/** The entry point of {@code bin/pl}. */
public final class PlMain {
    private PlMain() {}

    public static void main(String[] args) {
        System.exit(Pl.commandLine(Terminal.system()).execute(args));
    }
}
