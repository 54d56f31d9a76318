package org.planetlab.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;

/** The portal refuses what the API's authorization table refuses, by the table itself. */
class ApiRulesTest {
    private static final Caller USER = Caller.person(7, Set.of(Role.USER), List.of(1L), "session", Optional.empty());
    private static final Caller PI = Caller.person(8, Set.of(Role.PI), List.of(1L), "session", Optional.empty());

    @Test
    void everyMethodThePortalNamesIsInTheCatalog() {
        assertThat(ApiRules.METHODS).allSatisfy(method -> assertThat(MethodCatalog.lookup(method)).isPresent());
    }

    @Test
    void rolesAreCheckedAgainstTheTable() {
        assertThat(ApiRules.may(USER, "AddSlice")).isFalse();
        assertThat(ApiRules.may(PI, "AddSlice")).isTrue();
        assertThat(ApiRules.may(Caller.ANONYMOUS, "RegisterPerson")).isTrue();
        assertThat(ApiRules.may(Caller.ANONYMOUS, "GetSession")).isFalse();
        for (String method : ApiRules.METHODS) {
            var spec = MethodCatalog.lookup(method).orElseThrow();
            assertThat(ApiRules.may(USER, method)).as(method).isEqualTo(spec.allows(Role.USER));
        }
        assertThatThrownBy(() -> ApiRules.require(USER, "ApprovePerson")).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("ApprovePerson may be done by");
    }

    @Test
    void formValuesAreCheckedWithTheMethodsParameterTypes() {
        assertThatThrownBy(() -> ApiRules.check("RegisterPerson", 0, Map.of("email", "not an address",
                "first_name", "A", "last_name", "B", "password", "p")))
                .isInstanceOf(PlanetLabException.class).hasMessageStartingWith("person_fields.email");
    }
}
