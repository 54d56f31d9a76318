package org.planetlab.cli.command;

import java.util.List;

/** A command that calls API methods; lets the method catalog's coverage by {@code pl} be checked. */
public interface CallsMethods {
    /** The names of the API methods this command may call. */
    List<String> methods();
}
