package org.planetlab.plc;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.api.Dispatcher;
import org.planetlab.plc.auth.Caller;

/**
 * Creates the first operator account of a new PLC, through the API as PLC itself so that it is
 * checked and logged like any other account.
 */
public final class Bootstrap {
    private final Dispatcher dispatcher;

    public Bootstrap(Dispatcher dispatcher) {
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    }

    /** Whether the registry has an operator yet. */
    public static boolean hasOperator(Plc plc) {
        return plc.database().read(handle -> handle.createQuery("SELECT COUNT(*) FROM person_roles r JOIN persons p ON"
                + " p.person_id = r.person_id AND p.deleted = FALSE WHERE r.role_id = 10").mapTo(Long.class).one() > 0);
    }

    /** Creates an enabled operator account and returns its person_id. */
    public long createOperator(String email, String password, String firstName, String lastName) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("first_name", firstName);
        fields.put("last_name", lastName);
        fields.put("password", password);
        fields.put("enabled", true);
        long personId = (Long) dispatcher.invokeAs(Caller.INTERNAL, "AddPerson", List.of(fields));
        dispatcher.invokeAs(Caller.INTERNAL, "AddRoleToPerson", List.of("admin", personId));
        return personId;
    }

    /** Refuses an operator e-mail or password the API would refuse, before anything is created. */
    public static void checkCredentials(String email, String password) {
        org.planetlab.api.person.PersonApi.EMAIL.check(email, "operator e-mail");
        org.planetlab.api.person.PersonApi.PASSWORD.check(password, "operator password");
        if (password.length() < 8) {
            throw PlanetLabException.invalidArgument("operator password: use at least 8 characters");
        }
    }
}
