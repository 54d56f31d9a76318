package org.planetlab.cli.output;

import java.io.PrintWriter;
import org.planetlab.api.wire.JsonCodec;

/** Prints the API result as indented JSON, unchanged: what the server returned, nothing more. */
public final class JsonPrinter implements Printer {
    private final JsonCodec codec = new JsonCodec();

    @Override
    public void print(Object result, Presentation presentation, PrintWriter out) {
        out.println(codec.writePretty(result));
        out.flush();
    }
}
