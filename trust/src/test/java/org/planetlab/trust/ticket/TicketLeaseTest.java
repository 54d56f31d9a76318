package org.planetlab.trust.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.testing.TestTrust;

class TicketLeaseTest {
    private final TestTrust trust = new TestTrust();
    private final TicketPrincipal alice = new TicketPrincipal.Person("alice@example.org");
    private final TicketPrincipal serviceKey = TicketPrincipal.Key.of(trust.serviceKeys.getPublic());

    private Ticket ticket(TicketNodes nodes) {
        return new Ticket(Ticket.newId(trust.random), "princeton_codeen", List.of(alice, serviceKey), nodes,
                new TreeMap<>(Map.of("cpu_share", "0002", "bootscript", "#!/bin/sh\necho <hello> & bye\n", "system", "false")),
                Validity.starting(TestTrust.START, Duration.ofDays(14)));
    }

    @Test
    void ticketRoundTripKeepsTheGrantAndNamesTheSliceAuthority() {
        Ticket ticket = ticket(new TicketNodes.Listed(new TreeSet<>(List.of("PlanetLab1.cs.example.edu"))));
        String xml = new TicketSigner(trust.sliceAuthority).sign(ticket);

        VerifiedTicket verified = new TicketVerifier(trust.verifier()).verify(xml);

        assertThat(verified.ticket()).isEqualTo(ticket);
        assertThat(verified.ticket().resources()).containsEntry("cpu_share", "2").containsEntry("system", "0")
                .containsEntry("bootscript", "#!/bin/sh\necho <hello> & bye\n");
        assertThat(verified.ticket().nodes().covers("planetlab1.cs.example.edu")).isTrue();
        assertThat(verified.ticket().nodes().covers("planetlab2.cs.example.edu")).isFalse();
        assertThat(verified.issuer().displayName()).isEqualTo("plc.sa");
        assertThat(new TicketVerifier(trust.verifier()).verify(xml, trust.sliceAuthorityCertificate).ticket().id()).isEqualTo(ticket.id());
    }

    @Test
    void ticketForAnyNodeSignedByARootInSmallScaleMode() {
        Ticket ticket = ticket(new TicketNodes.AnyNode());
        String xml = new TicketSigner(trust.root).sign(ticket);

        VerifiedTicket verified = new TicketVerifier(trust.verifier()).verify(xml);

        assertThat(verified.ticket().nodes().covers("any.example.org")).isTrue();
        assertThat(verified.issuer().displayName()).isEqualTo("trust root 'plc-root'");
    }

    @Test
    void ticketIdsAreUnique() {
        assertThat(Ticket.newId(trust.random)).hasSize(32).isNotEqualTo(Ticket.newId(trust.random));
    }

    @Test
    void ticketSignerRefusesANonSliceAuthority() {
        assertThatThrownBy(() -> new TicketSigner(trust.managementAuthority))
                .hasMessageContaining("tickets are signed by a slice authority, not by plc.ma");
    }

    @Test
    void leaseRoundTripNamesTheGrantingNode() {
        Ticket ticket = ticket(new TicketNodes.AnyNode());
        Lease lease = Lease.grant(ticket, serviceKey, "128.112.139.71", TestTrust.START, TestTrust.START.plus(Duration.ofDays(2)), trust.random);
        String xml = new LeaseSigner(trust.node).sign(lease);

        VerifiedLease verified = new LeaseVerifier(trust.verifier()).verify(xml, trust.nodeSubject);

        assertThat(verified.lease()).isEqualTo(lease);
        assertThat(verified.lease().ticketId()).isEqualTo(ticket.id());
        assertThat(verified.node()).isEqualTo(trust.nodeSubject);
    }

    @Test
    void leaseMustStayWithinTheTicketAndNameOneOfItsPrincipals() {
        Ticket ticket = ticket(new TicketNodes.AnyNode());
        assertThatThrownBy(() -> Lease.grant(ticket, new TicketPrincipal.Person("mallory@example.org"), "10.0.0.1",
                TestTrust.START, TestTrust.START.plus(Duration.ofDays(1)), trust.random))
                .hasMessageContaining("does not name person:mallory@example.org");
        assertThatThrownBy(() -> Lease.grant(ticket, alice, "10.0.0.1", TestTrust.START, TestTrust.START.plus(Duration.ofDays(30)), trust.random))
                .hasMessageContaining("is outside ticket validity");
    }

    @Test
    void ticketValuesAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> new Ticket(Ticket.newId(trust.random), "Bad Slice", List.of(alice), new TicketNodes.AnyNode(),
                new TreeMap<>(), Validity.starting(TestTrust.START, Duration.ofDays(1))))
                .hasMessageContaining("slice name \"Bad Slice\" is not valid");
        assertThatThrownBy(() -> new Ticket(Ticket.newId(trust.random), "s", List.of(alice, alice), new TicketNodes.AnyNode(),
                new TreeMap<>(), Validity.starting(TestTrust.START, Duration.ofDays(1))))
                .hasMessageContaining("names the same principal twice");
    }
}
