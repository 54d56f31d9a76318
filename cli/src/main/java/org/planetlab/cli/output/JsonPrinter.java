package org.planetlab.cli.output;

import java.io.PrintWriter;
import org.planetlab.api.wire.JsonCodec;

/** Prints the API result as indented JSON, unchanged: what the server returned, nothing more. */
public final class JsonPrinter implements Printer {
    private final JsonCodec codec = new JsonCodec();

    @Override
    public void print(Object result, Presentation presentation, PrintWriter out) {
        try {
            Object tree = codec.mapper().readTree(codec.write(result));
            out.println(codec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot print the result as JSON: " + e.getMessage(), e);
        }
        out.flush();
    }
}
