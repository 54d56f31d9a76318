package org.planetlab.cli.slice;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.ArgumentText;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pl slice remove-users SLICE PERSON...}: DeletePersonFromSlice for each person, in order;
 * it stops at the first refusal and says which persons were already removed.
 */
@Command(name = "remove-users", header = "Removes users from a slice.",
        description = {"Calls DeletePersonFromSlice for each person in turn and stops at the first refusal.",
                "", "API method: DeletePersonFromSlice(auth, person_id_or_email, slice_id_or_name)"})
public final class SliceRemoveUsersCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec DELETE = MethodCatalog.lookup("DeletePersonFromSlice").orElseThrow();

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "SLICE", description = "The slice: its id or name.")
    String slice;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PERSON", description = "The persons: ids or e-mail addresses.")
    List<String> persons;

    public SliceRemoveUsersCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(DELETE.name());
    }

    @Override
    public Integer call() {
        Object target = ArgumentText.convert(slice, DELETE.params().get(1).type(), "SLICE");
        List<Object> people = persons.stream().map(text -> ArgumentText.convert(text, DELETE.params().get(0).type(), "PERSON"))
                .toList();
        PlcClient client = context.client(DELETE);
        List<String> removed = new ArrayList<>();
        for (int index = 0; index < people.size(); index++) {
            try {
                client.call(DELETE.name(), people.get(index), target);
            } catch (PlanetLabException e) {
                throw new PlanetLabException(e.code(), (removed.isEmpty() ? "" : "removed " + String.join(", ", removed)
                        + "; ") + "stopped at " + persons.get(index) + ": " + e.getMessage(), e);
            }
            removed.add(persons.get(index));
        }
        if (context.json()) {
            context.print(1L, Presentation.of(DELETE.returns()));
        } else {
            context.message("removed " + String.join(", ", removed) + " from " + slice);
        }
        return 0;
    }
}
