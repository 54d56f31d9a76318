package org.planetlab.plc.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.slice.SliceUpdate;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.cert.PersonSubject;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.session.SessionKeySealer;
import org.planetlab.trust.ticket.TicketNodes;
import org.planetlab.trust.ticket.TicketVerifier;
import org.planetlab.trust.ticket.VerifiedTicket;

/** Tickets and certificate sessions, asked for typed: to whom, for what, and what a refusal leaves. */
class AuthorityServiceTest {
    private final SecureRandom random = new SecureRandom();
    private TestingPlc testing;
    private Plc plc;
    private AuthorityService authority;
    private Caller member;
    private Caller outsider;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        plc = testing.plc();
        authority = plc.authority();
        long siteId = plc.sites().addSite(Caller.INTERNAL, NewSite.named("tickets", "Tickets", "Tickets"));
        long memberId = enabledPerson("member@tickets.org", true);
        long outsiderId = enabledPerson("outsider@tickets.org", true);
        plc.personMemberships().addToSite(Caller.INTERNAL, PersonRef.of(outsiderId), SiteRef.of(siteId));
        plc.personMemberships().addRole(Caller.INTERNAL, Role.USER, PersonRef.of(memberId));
        member = Caller.person(memberId, Set.of(Role.USER), List.of(siteId), "password", Optional.empty());
        outsider = Caller.person(outsiderId, Set.of(Role.USER), List.of(siteId), "password", Optional.empty());
        long nodeId = plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("node1.tickets.org"));
        plc.slices().addSlice(Caller.INTERNAL, NewSlice.described("tickets_used", "used", "https://tickets.org/"));
        plc.sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(memberId), SliceRef.of("tickets_used"));
        plc.sliceMembership().addNodes(Caller.INTERNAL, SliceRef.of("tickets_used"), List.of(NodeRef.of(nodeId)));
        plc.slices().addSlice(Caller.INTERNAL, NewSlice.described("tickets_empty", "empty", "https://tickets.org/"));
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aSliceUserGetsATicketThatNeverOutlivesTheSlice() {
        long expires = plc.mutations().now() + 7200;
        plc.slices().updateSlice(Caller.INTERNAL, SliceRef.of("tickets_used"), SliceUpdate.renewal(expires));

        IssuedTicket ticket = authority.sliceTicket(member, SliceRef.of("plc.tickets.used"),
                TicketRequest.forSliceNodes().validFor(86_400));

        VerifiedTicket verified = new TicketVerifier(plc.trust().chainVerifier()).verify(ticket.xml());
        assertThat(verified.ticket().id()).isEqualTo(ticket.id());
        assertThat(ticket.sliceName()).isEqualTo("plc.tickets.used");
        assertThat(ticket.validUntil()).isEqualTo(expires);
        assertThat(verified.ticket().nodes()).isEqualTo(new TicketNodes.Listed(new java.util.TreeSet<>(
                List.of("node1.tickets.org"))));
    }

    @Test
    void onlyThoseWhoManageTheSliceGetItsTicket() {
        assertRefused(() -> authority.sliceTicket(outsider, SliceRef.of("tickets_used"), TicketRequest.forAnyNode()),
                ErrorCode.PERMISSION_DENIED, "neither a user of slice tickets_used nor a PI of its site");
        assertRefused(() -> authority.sliceTicket(Caller.ANONYMOUS, SliceRef.of("tickets_used"),
                TicketRequest.forAnyNode()), ErrorCode.PERMISSION_DENIED, "GetSliceTicket");
        assertRefused(() -> authority.sliceTicket(member, SliceRef.of("tickets_gone"), TicketRequest.forAnyNode()),
                ErrorCode.NOT_FOUND, "no live slice named tickets_gone");
        assertThat(successfulTickets()).isZero();
    }

    @Test
    void badRequestsAreNamedAndIssueNothing() {
        assertRefused(() -> TicketRequest.forSliceNodes().validFor(59), ErrorCode.INVALID_ARGUMENT,
                "options.valid_seconds");
        assertRefused(() -> TicketRequest.forSliceNodes().validFor(8L * 24 * 3600), ErrorCode.INVALID_ARGUMENT,
                "options.valid_seconds");
        assertRefused(() -> authority.sliceTicket(Caller.INTERNAL, SliceRef.of("tickets_empty"),
                TicketRequest.forAnyNode()), ErrorCode.INVALID_ARGUMENT, "has no enabled users");
        assertRefused(() -> authority.sliceTicket(member, SliceRef.of("tickets_used"),
                TicketRequest.forNodes(List.of("nowhere.tickets.org"))), ErrorCode.NOT_FOUND, "nowhere.tickets.org");
        assertThat(successfulTickets()).isZero();
    }

    @Test
    void aCertificateOpensASessionOnlyForAnEnabledAccount() throws Exception {
        enabledPerson("disabled@tickets.org", false);
        KeyPair keys = KeyAlgorithm.EC_P256.generate(random);

        assertRefused(() -> authority.authenticateCertificate(Caller.ANONYMOUS, certificate("disabled@tickets.org",
                keys)), ErrorCode.AUTHENTICATION_FAILED, "no enabled account for disabled@tickets.org");
        assertThat(sessionCount()).isZero();

        CertificateSession session = authority.authenticateCertificate(Caller.ANONYMOUS,
                certificate("member@tickets.org", keys));
        String key = new SessionKeySealer(random).open(session.sealedKey(), keys.getPrivate()).encoded();
        assertThat(testing.operator(PlcClient.Encoding.JSON).as(new Credentials.Session(key)).call("AuthCheck"))
                .isEqualTo(1L);
        assertThat(session.subject()).contains("member@tickets.org");
        assertThat(sessionCount()).isEqualTo(1);
    }

    private String certificate(String email, KeyPair keys) {
        return new CertificateSigner(Clock.systemUTC(), random).issue(new PersonSubject(email), keys.getPublic(), false,
                Duration.ofDays(1), plc.trust().sliceAuthority()).xml();
    }

    private long enabledPerson(String email, boolean enabled) {
        return plc.persons().addPerson(Caller.INTERNAL, new NewPerson(Profile.of(email, "First", "Last"),
                Optional.empty(), Optional.of(enabled)));
    }

    private long successfulTickets() {
        return plc.database().read(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM events WHERE call_name = 'GetSliceTicket' AND fault_code = 0")
                .mapTo(Long.class).one());
    }

    private long sessionCount() {
        return plc.database().read(handle -> handle.createQuery("SELECT COUNT(*) FROM sessions")
                .mapTo(Long.class).one());
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
