package org.planetlab.node.slices;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.node.privileged.Privileged;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.ticket.Lease;
import org.planetlab.trust.ticket.LeaseVerifier;
import org.planetlab.trust.ticket.Ticket;
import org.planetlab.trust.ticket.TicketNodes;
import org.planetlab.trust.ticket.TicketPrincipal;
import org.planetlab.trust.ticket.TicketSigner;

/**
 * Privileged, the delegated path (Architecture §4.7, 2003 §4.2): a user gets a ticket from PLC,
 * redeems it at the node's slice creation service over TLS, and can use the sliver at once; the
 * node answers a lease anyone holding the root keys can verify. Tampered, expired, foreign and
 * misdirected tickets are refused with a message that says why; a newer ticket renews; releasing
 * or running out of lease removes the sliver; a slice stopped at PLC has its tickets refused and
 * its leased slivers stopped, whenever the tickets were issued.
 */
@Privileged
class DelegatedSlicesTest {
    private static SlicesEnvironment node;
    private static ScsClient scs;
    private static SshClient ssh;

    @BeforeAll
    static void startNode() throws Exception {
        node = SlicesEnvironment.start("d", Map.of());
        node.await("the slice creation service serves tickets", Duration.ofSeconds(90),
                () -> node.scsLog().contains("ticket endpoint on") && node.scsLog().contains("of plc (0 slivers) applied"));
        scs = new ScsClient(node.network.nodeAddress, 8812, node.plc.plc().trust().tlsCaCertificate());
        ssh = new SshClient(node.base.resolve("known_hosts"), node.network.nodeAddress, 22);
    }

    @AfterAll
    static void removeNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aTicketRedeemedAtTheNodeMakesAUsableSliverAndAVerifiableLease() {
        String slice = delegatedSlice("tkt");
        String ticket = (String) node.user.call("GetSliceTicket", slice, Map.of("valid_seconds", 3600L));
        long before = System.nanoTime();
        assertRefused(scs.call("RedeemTicket", Map.of("ticket", ticket, "keys", List.of(node.keys.userPublic()))), "PERMISSION_DENIED",
                "redeemed only by its principal");
        assertRefused(scs.proven("RedeemTicket", Map.of("ticket", ticket, "keys", List.of(node.keys.strangerPublic())),
                node.keys.stranger()).answer(), "PERMISSION_DENIED", "does not name");
        ScsClient.Proven proven = scs.proven("RedeemTicket", Map.of("ticket", ticket, "keys", List.of(node.keys.userPublic())),
                node.keys.user());
        ScsClient.Answer answer = proven.answer();
        System.out.printf("ticket redeemed, sliver made and lease signed in %.0f ms%n", (System.nanoTime() - before) / 1e6);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().get("login")).isEqualTo(slice + "@" + node.network.nodeAddress);
        assertRefused(scs.call("RedeemTicket", proven.sent()), "VERIFICATION_FAILED", "used already");

        Lease lease = new LeaseVerifier(new ChainVerifier(TrustRoots.load(node.plc.rootsDirectory()), Clock.systemUTC()))
                .verify((String) answer.body().get("lease"), new NodeSubject(node.nodeId, node.hostname)).lease();
        assertThat(lease.sliceName()).isEqualTo("plc.test.tkt");
        assertThat(lease.principal()).isEqualTo(new TicketPrincipal.Person(SlicesEnvironment.USER));
        assertThat(lease.address()).isEqualTo(node.network.nodeAddress);

        SshClient.Run hello = ssh.ssh(node.keys.user(), slice, List.of(), null, "echo hello from $(hostname)");
        assertThat(hello.output()).as("a command in the new sliver").contains("hello from " + slice);

        String longer = (String) node.user.call("GetSliceTicket", slice, Map.of("valid_seconds", 7200L));
        assertThat(redeem(ticket).body().get("renewed")).as("a ticket redeemed again renews").isEqualTo(true);
        ScsClient.Answer renewed = scs.proven("RenewLease", Map.of("ticket", longer), node.keys.user()).answer();
        assertThat(renewed.body().get("renewed")).isEqualTo(true);
        assertThat((Long) renewed.body().get("end")).isGreaterThan((Long) answer.body().get("end"));

        assertRefused(scs.proven("ReleaseLease", Map.of("ticket", longer), node.keys.stranger()).answer(), "PERMISSION_DENIED",
                "does not name");
        ScsClient.Answer released = scs.proven("ReleaseLease", Map.of("ticket", longer), node.keys.user()).answer();
        assertThat(released.body().get("released")).isEqualTo(slice);
        node.await("the released sliver is gone", Duration.ofSeconds(10), () -> node.remainsOf(slice).isEmpty());
    }

    @Test
    void badTicketsAreRefusedWithAClearMessage() {
        String slice = delegatedSlice("bad");
        String ticket = (String) node.user.call("GetSliceTicket", slice);

        ScsClient.Answer tampered = scs.call("RedeemTicket", Map.of("ticket", ticket.replace(">256<", ">999<")));
        assertRefused(tampered, "VERIFICATION_FAILED", "");

        Ticket expired = ticket("plc.test.bad", new TicketNodes.AnyNode(), Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600));
        assertRefused(scs.call("RedeemTicket", Map.of("ticket", new TicketSigner(node.plc.plc().trust().sliceAuthority()).sign(expired))),
                "VERIFICATION_FAILED", "expired");

        Credential stranger = Credential.root(KeyAlgorithm.EC_P256.generate(new SecureRandom()));
        Ticket foreign = ticket("plc.test.bad", new TicketNodes.AnyNode(), Instant.now(), Instant.now().plusSeconds(600));
        assertRefused(scs.call("RedeemTicket", Map.of("ticket", new TicketSigner(stranger).sign(foreign))), "VERIFICATION_FAILED",
                "not a trusted root");

        Ticket elsewhere = ticket("plc.test.bad", new TicketNodes.Listed(new TreeSet<>(List.of("other.test.org"))), Instant.now(),
                Instant.now().plusSeconds(600));
        assertRefused(scs.call("RedeemTicket", Map.of("ticket", new TicketSigner(node.plc.plc().trust().sliceAuthority()).sign(elsewhere))),
                "PERMISSION_DENIED", "not for this node");

        assertRefused(scs.call("RedeemTicket", Map.of("ticket", "<ticket/>")), "", "");
        assertThat(node.vm(slice)).as("no refused ticket made a sliver").isEmpty();
    }

    @Test
    void aLeaseThatEndsRemovesItsSliver() {
        String slice = delegatedSlice("brief");
        Ticket brief = ticket("plc.test.brief", new TicketNodes.AnyNode(), Instant.now().minusSeconds(1), Instant.now().plusSeconds(4));
        ScsClient.Answer answer = redeem(new TicketSigner(node.plc.plc().trust().sliceAuthority()).sign(brief));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(node.phase(slice)).contains("RUNNING");
        node.await("the sliver of the ended lease is removed", Duration.ofSeconds(15), () -> node.remainsOf(slice).isEmpty());
    }

    @Test
    void aSliceStoppedAtPlcHasItsTicketsRefusedAndItsLeasedSliverStoppedUntilItIsStartedAgain() {
        String slice = delegatedSlice("halt");
        String redeemed = (String) node.user.call("GetSliceTicket", slice, Map.of("valid_seconds", 3600L));
        String spare = (String) node.user.call("GetSliceTicket", slice, Map.of("valid_seconds", 3600L));
        ScsClient.Answer answer = scs.proven("RedeemTicket", Map.of("ticket", redeemed, "keys", List.of(node.keys.userPublic())),
                node.keys.user()).answer();
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(node.phase(slice)).contains("RUNNING");

        long before = System.nanoTime();
        node.user.call("StopSlice", slice, "runaway crawler");
        node.await("the sliver made from a ticket stops with its slice", Duration.ofSeconds(30),
                () -> node.phase(slice).orElse("").equals("STOPPED") && node.processes(slice).isEmpty());
        System.out.printf("StopSlice at PLC -> leased sliver's processes gone in %.0f ms%n", (System.nanoTime() - before) / 1e6);
        assertRefused(redeem(spare), "PERMISSION_DENIED", "is stopped at its slice authority");
        assertRefused(redeem(redeemed), "PERMISSION_DENIED", "until the slice is started again");
        assertThat(node.phase(slice)).as("a refused ticket starts nothing").contains("STOPPED");

        node.user.call("StartSlice", slice);
        String fresh = (String) node.user.call("GetSliceTicket", slice, Map.of("valid_seconds", 3600L));
        node.await("a ticket of the started slice is taken again", Duration.ofSeconds(30),
                () -> redeem(fresh).status() == 200);
        assertThat(node.phase(slice)).as("the ticket started the leased sliver again").contains("RUNNING");
        assertThat(scs.proven("ReleaseLease", Map.of("ticket", fresh), node.keys.user()).answer().body().get("released")).isEqualTo(slice);
        node.await("the released sliver is gone", Duration.ofSeconds(10), () -> node.remainsOf(slice).isEmpty());
    }

    @Test
    void aTicketOfASliceUnderAnotherOfPlcsNamingAuthoritiesIsRedeemedAsItsSliver() {
        node.operator.call("AddNamingAuthority", Map.of("hrn", "ple", "name", "PlanetLab Europe"));
        node.registry.site("inria");
        node.operator.call("SetSiteNamingAuthority", "inria", "ple");
        node.operator.call("AddSlice", Map.of("name", "inria_tkt", "instantiation", "delegated"));
        node.operator.call("AddPersonToSlice", SlicesEnvironment.USER, "inria_tkt");
        node.operator.call("AddSliceToNodes", "ple.inria.tkt", List.of(node.hostname));
        String ticket = (String) node.user.call("GetSliceTicket", "inria_tkt", Map.of("valid_seconds", 3600L));
        assertThat(ticket).contains("ple.inria.tkt");
        // Taken once the node's view of its PLC names ple among the PLC's authorities (the change above wakes it).
        node.await("the ticket of the ple slice is redeemed", Duration.ofSeconds(30), () -> redeem(ticket).status() == 200);
        assertThat(node.phase("inria_tkt")).contains("RUNNING");
        assertThat(scs.proven("ReleaseLease", Map.of("ticket", ticket), node.keys.user()).answer().body().get("released"))
                .isEqualTo("inria_tkt");
        node.await("the released sliver is gone", Duration.ofSeconds(10), () -> node.remainsOf("inria_tkt").isEmpty());
    }

    private static String delegatedSlice(String name) {
        String slice = node.createSlice(name, Map.of("instantiation", "delegated"));
        node.user.call("AddSliceToNodes", slice, List.of(node.hostname));
        return slice;
    }

    /** Redeems a ticket as its principal, the slice's user, proving to hold the user's SSH key. */
    private static ScsClient.Answer redeem(String ticket) {
        return scs.proven("RedeemTicket", Map.of("ticket", ticket), node.keys.user()).answer();
    }

    private static Ticket ticket(String slice, TicketNodes nodes, Instant start, Instant end) {
        TicketPrincipal userKey = TicketPrincipal.Key.of(org.planetlab.trust.ssh.SshKeys.fromLine(node.keys.userPublic()).orElseThrow());
        return new Ticket(Ticket.newId(new SecureRandom()), slice, List.of(new TicketPrincipal.Person(SlicesEnvironment.USER), userKey), nodes,
                new TreeMap<>(Map.of("cpu_share", "1")), new Validity(start, end));
    }

    private static void assertRefused(ScsClient.Answer answer, String code, String reason) {
        System.out.println("refused: " + answer.status() + " " + answer.errorCode() + ": " + answer.errorMessage());
        assertThat(answer.status()).isBetween(400, 499);
        if (!code.isEmpty()) {
            assertThat(answer.errorCode()).isEqualTo(code);
        }
        assertThat(answer.errorMessage()).contains(reason).isNotBlank();
    }
}
