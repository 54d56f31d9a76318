package org.planetlab.cli.command;

/** What a method command does once its arguments are converted; usually just the call. */
@FunctionalInterface
public interface Action {
    Action CALL = Invocation::call;

    /** Runs the command; returns the result to print. */
    Object run(Invocation invocation);
}
