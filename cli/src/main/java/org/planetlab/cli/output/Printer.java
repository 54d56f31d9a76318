package org.planetlab.cli.output;

import java.io.PrintWriter;

/** Prints a command's result on standard output in one format. */
public interface Printer {
    void print(Object result, Presentation presentation, PrintWriter out);
}
