package org.planetlab.plc.person;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.site.SiteUpdate;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** The account rules, called typed, as PLC's own programs and future front ends call them. */
class PersonServiceTest {
    private TestingPlc testing;
    private PersonService persons;
    private PersonMemberships memberships;
    private PlcClient operator;
    private long siteId;
    private Caller pi;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        persons = testing.plc().persons();
        memberships = testing.plc().personMemberships();
        operator = testing.operator(PlcClient.Encoding.JSON);
        siteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("people", "People", "People"));
        long piId = persons.addPerson(Caller.INTERNAL, newPerson("pi@people.org", Optional.of(true)));
        memberships.addToSite(Caller.INTERNAL, PersonRef.of(piId), SiteRef.of(siteId));
        memberships.addRole(Caller.INTERNAL, Role.PI, PersonRef.of("PI@people.org"));
        pi = Caller.person(piId, Set.of(Role.PI), List.of(siteId), "password", Optional.empty());
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aPisNewAccountIsAnEnabledUserOfThePisSite() {
        long userId = persons.addPerson(pi, newPerson("user@people.org", Optional.empty()));

        Map<String, Object> user = rows(operator.call("GetPersons", List.of(userId),
                List.of("enabled", "site_ids", "roles"))).getFirst();
        assertThat(user).isEqualTo(Map.of("enabled", true, "site_ids", List.of(siteId), "roles", List.of("user")));
        assertRefused(() -> persons.addPerson(pi, newPerson("other@people.org", Optional.of(false))),
                ErrorCode.PERMISSION_DENIED, "only operators set it");
        assertRefused(() -> persons.addPerson(Caller.INTERNAL, newPerson("USER@people.org", Optional.empty())),
                ErrorCode.ALREADY_EXISTS, "already in use");
    }

    @Test
    void registrationWaitsForApprovalAndDisabledSitesTakeNone() {
        long userId = persons.registerPerson(Caller.ANONYMOUS, newPerson("new@people.org", Optional.empty()),
                SiteRef.of("people"));
        assertThat(rows(operator.call("GetPersons", List.of(userId), List.of("enabled"))).getFirst())
                .isEqualTo(Map.of("enabled", false));
        persons.approvePerson(pi, PersonRef.of(userId));
        assertThat(rows(operator.call("GetPersons", List.of(userId), List.of("enabled"))).getFirst())
                .isEqualTo(Map.of("enabled", true));

        testing.plc().sites().updateSite(Caller.INTERNAL, SiteRef.of(siteId),
                new SiteUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(false), Optional.empty()));
        assertRefused(() -> persons.registerPerson(Caller.ANONYMOUS, newPerson("late@people.org", Optional.empty()),
                SiteRef.of("people")), ErrorCode.INVALID_ARGUMENT, "is not enabled");
    }

    @Test
    void pisGrantOnlyRolesBelowTheirOwn() {
        long userId = persons.addPerson(pi, newPerson("user@people.org", Optional.empty()));
        memberships.addRole(pi, Role.TECH, PersonRef.of(userId));
        assertRefused(() -> memberships.addRole(pi, Role.PI, PersonRef.of(userId)), ErrorCode.PERMISSION_DENIED,
                "only roles below its own");
        assertThat(rows(operator.call("GetPersons", List.of(userId), List.of("roles"))).getFirst().get("roles"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder("user", "tech");
    }

    @Test
    void typedReadsShowOnlyWhomTheCallerMaySee() {
        long userId = persons.addPerson(pi, newPerson("user@people.org", Optional.empty()));
        long otherSite = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("others", "Others", "Others"));
        long strangerId = persons.addPerson(Caller.INTERNAL, newPerson("stranger@others.org", Optional.of(true)));
        memberships.addToSite(Caller.INTERNAL, PersonRef.of(strangerId), SiteRef.of(otherSite));
        Caller user = Caller.person(userId, Set.of(Role.USER), List.of(siteId), "password", Optional.empty());

        PersonDetails seen = persons.person(pi, PersonRef.of("USER@people.org")).orElseThrow();
        assertThat(seen).isEqualTo(new PersonDetails(userId, "user@people.org", "First", "Last", true,
                Set.of(Role.USER), List.of(siteId)));
        assertThat(persons.person(pi, PersonRef.of(strangerId))).isEmpty();
        assertThat(persons.persons(pi, PersonFilter.all(100))).extracting(PersonDetails::email)
                .containsExactly("pi@people.org", "user@people.org");
        assertThat(persons.persons(user, PersonFilter.all(100))).extracting(PersonDetails::personId)
                .containsExactly(userId);
        assertThat(persons.persons(Caller.ANONYMOUS, PersonFilter.all(100))).isEmpty();
        assertThat(persons.persons(Caller.INTERNAL, PersonFilter.all(100).atSite(otherSite)))
                .extracting(PersonDetails::email).containsExactly("stranger@others.org");
        assertThat(persons.persons(Caller.INTERNAL, PersonFilter.all(100).withRole(Role.PI)))
                .extracting(PersonDetails::email).containsExactly("pi@people.org");
    }

    private static NewPerson newPerson(String email, Optional<Boolean> enabled) {
        return new NewPerson(Profile.of(email, "First", "Last"), Optional.of("password-of-" + email), enabled);
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
