package org.planetlab.plc.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectRef;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.site.SiteUpdate;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/** The event log read typed, as a portal's history page or a monitor reads it: newest first, bounded. */
class EventServiceTest {
    private final TestingClock clock = new TestingClock(Instant.parse("2026-12-01T00:00:00Z"));
    private TestingPlc testing;
    private EventService events;
    private long alpha;
    private long beta;
    private long start;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE, clock);
        events = testing.plc().events();
        start = clock.instant().getEpochSecond();
        alpha = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("alpha", "Alpha", "Alpha"));
        clock.advance(Duration.ofHours(1));
        beta = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("beta", "Beta", "Beta"));
        clock.advance(Duration.ofHours(1));
        testing.plc().sites().updateSite(Caller.INTERNAL, SiteRef.of(alpha), SiteUpdate.none().withName("Alpha 2"));
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void eventsComeNewestFirstWithTheObjectsTheyTouched() {
        List<EventRecord> latest = events.events(Caller.INTERNAL, EventQuery.latest(3));

        assertThat(latest).extracting(EventRecord::callName).containsExactly("UpdateSite", "AddSite", "AddSite");
        assertThat(latest.getFirst().objects()).containsExactly(new ObjectRef(ObjectType.SITE, alpha));
        assertThat(latest.getFirst().succeeded()).isTrue();
        assertThat(latest.getFirst().authType()).isEqualTo("internal");
        assertThat(latest.get(0).eventId()).isGreaterThan(latest.get(1).eventId());
    }

    @Test
    void queriesNarrowByObjectCallTimeAndPage() {
        assertThat(events.events(Caller.INTERNAL, EventQuery.latest(10).about(ObjectType.SITE, alpha)))
                .extracting(EventRecord::callName).containsExactly("UpdateSite", "AddSite");
        assertThat(events.events(Caller.INTERNAL, EventQuery.latest(10).about(ObjectType.SITE).call("AddSite")))
                .extracting(event -> event.objects().getFirst().id()).containsExactly(beta, alpha);
        assertThat(events.events(Caller.INTERNAL, EventQuery.latest(10).about(ObjectType.SITE)
                .between(start + 1800, start + 5400))).extracting(event -> event.objects().getFirst().id())
                .containsExactly(beta);

        List<EventRecord> firstPage = events.events(Caller.INTERNAL, EventQuery.latest(1).about(ObjectType.SITE));
        List<EventRecord> secondPage = events.events(Caller.INTERNAL, EventQuery.latest(1).about(ObjectType.SITE)
                .before(firstPage.getLast().eventId()));
        assertThat(firstPage).extracting(EventRecord::callName).containsExactly("UpdateSite");
        assertThat(secondPage).extracting(event -> event.objects().getFirst().id()).containsExactly(beta);
    }

    @Test
    void refusalsAreReadWithTheirFaultAndSecretsAreNotReadAtAll() {
        Caller pi = Caller.person(99, Set.of(Role.PI), List.of(beta), "password", Optional.empty());
        assertThatThrownBy(() -> testing.plc().sites().updateSite(pi, SiteRef.of(alpha),
                SiteUpdate.none().withName("Mine"))).isInstanceOf(PlanetLabException.class);
        testing.plc().persons().addPerson(Caller.INTERNAL, new NewPerson(Profile.of("secret@alpha.org", "S", "T"),
                Optional.of("a-very-secret-password"), Optional.of(true)));

        EventRecord refused = events.events(Caller.INTERNAL, EventQuery.latest(1).byPerson(99)).getFirst();
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.message()).startsWith("PERMISSION_DENIED: UpdateSite");
        assertThat(refused.objects()).isEmpty();
        assertThat(events.events(Caller.INTERNAL, EventQuery.latest(1000)))
                .allSatisfy(event -> assertThat(event.arguments() + event.message())
                        .doesNotContain("a-very-secret-password"));
    }

    @Test
    void onlyOperatorsReadAndEveryQueryIsBounded() {
        Caller pi = Caller.person(99, Set.of(Role.PI), List.of(alpha), "password", Optional.empty());
        assertRefused(() -> events.events(pi, EventQuery.latest(10)), ErrorCode.PERMISSION_DENIED,
                "GetEvents: only operators");
        assertRefused(() -> EventQuery.latest(0), ErrorCode.INVALID_ARGUMENT, "limit: 0 is not from 1 to 1000");
        assertRefused(() -> EventQuery.latest(EventQuery.MAX_LIMIT + 1), ErrorCode.INVALID_ARGUMENT, "limit: 1001");
        assertRefused(() -> EventQuery.latest(10).between(start, start), ErrorCode.INVALID_ARGUMENT,
                "is not before until");
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
