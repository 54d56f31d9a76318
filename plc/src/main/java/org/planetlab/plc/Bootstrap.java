package org.planetlab.plc;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;

/**
 * Creates the first operator account of a new PLC, through the account services as PLC itself
 * so that it is checked and logged like any other account.
 */
public final class Bootstrap {
    private final Plc plc;

    public Bootstrap(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
    }

    /** Whether the registry has an operator yet. */
    public static boolean hasOperator(Plc plc) {
        return plc.database().read(handle -> handle.createQuery("SELECT COUNT(*) FROM person_roles r JOIN persons p ON"
                + " p.person_id = r.person_id AND p.deleted = FALSE WHERE r.role_id = 10").mapTo(Long.class).one() > 0);
    }

    /** Creates an enabled operator account and returns its person_id. */
    public long createOperator(String email, String password, String firstName, String lastName) {
        long personId = plc.persons().addPerson(Caller.INTERNAL, new NewPerson(Profile.of(email, firstName, lastName),
                Optional.of(password), Optional.of(true)));
        plc.personMemberships().addRole(Caller.INTERNAL, Role.ADMIN, PersonRef.of(personId));
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
