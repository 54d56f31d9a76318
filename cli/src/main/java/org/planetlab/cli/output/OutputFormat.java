package org.planetlab.cli.output;

/** The output formats: tables and records for people, JSON for programs. */
public enum OutputFormat {
    HUMAN,
    JSON;

    public Printer printer() {
        return switch (this) {
            case HUMAN -> new HumanPrinter();
            case JSON -> new JsonPrinter();
        };
    }
}
