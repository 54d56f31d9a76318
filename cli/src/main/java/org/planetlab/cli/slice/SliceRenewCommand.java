package org.planetlab.cli.slice;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.ArgumentText;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pl slice renew SLICE --weeks N | --until DATE}: sets the slice's {@code expires} with
 * UpdateSlice. How far a slice may be renewed is the server's rule; its refusal is shown as is.
 */
@Command(name = "renew", header = "Extends a slice's life.",
        description = {"Sets the slice's expiry to N weeks from now or to a date, with UpdateSlice. PLC requires a"
                + " description and URL on the slice and limits how far non-operators may renew (8 weeks from now).",
                "", "API method: UpdateSlice(auth, slice_id_or_name, {expires})"})
public final class SliceRenewCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec UPDATE_SLICE = MethodCatalog.lookup("UpdateSlice").orElseThrow();

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "SLICE", description = "The slice: its id or name (princeton_codeen).")
    String slice;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Until until;

    static final class Until {
        @Option(names = "--weeks", paramLabel = "N", description = "Expire N weeks from now.")
        Long weeks;

        @Option(names = "--until", paramLabel = "DATE",
                description = "Expire at this time: 2025-07-01 (midnight UTC), 2025-07-01T12:00:00Z, or seconds since 1970.")
        String date;
    }

    public SliceRenewCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(UPDATE_SLICE.name());
    }

    @Override
    public Integer call() {
        long expires = expires();
        Object target = ArgumentText.convert(slice, UPDATE_SLICE.params().getFirst().type(), "SLICE");
        Object result = context.client(UPDATE_SLICE).call(UPDATE_SLICE.name(), target, Map.of("expires", expires));
        if (context.json()) {
            context.print(result, org.planetlab.cli.output.Presentation.of(UPDATE_SLICE.returns()));
        } else {
            context.message(slice + " now expires " + ArgumentText.describeTime(expires));
        }
        return 0;
    }

    private long expires() {
        if (until.weeks != null) {
            if (until.weeks < 0) {
                throw context.usageError("--weeks must not be negative");
            }
            Instant now = context.terminal().clock().instant();
            try {
                return now.plus(Duration.ofDays(Math.multiplyExact(7, until.weeks))).getEpochSecond();
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw context.usageError("--weeks " + until.weeks + " is beyond any date PLC can store");
            }
        }
        try {
            return ArgumentText.timestamp(until.date, "--until");
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw context.usageError(e.getMessage());
        }
    }
}
