package org.planetlab.scs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.sliver.GetSliversAnswer;
import org.planetlab.api.sliver.GetSliversWire;
import org.planetlab.api.sliver.NodeAccount;
import org.planetlab.api.sliver.NodeView;
import org.planetlab.api.sliver.SliceStops;
import org.planetlab.api.sliver.Sliver;
import org.planetlab.api.sliver.Reservations;
import org.planetlab.api.sliver.SliverKey;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.trust.tls.TlsCertificateAuthority;
import org.planetlab.trust.key.KeyAlgorithm;

/** The slice creation service's reading of views, of names under an authority, of resource changes, and its records. */
class SliceCreationPiecesTest {
    private final SliceAuthority plc = new SliceAuthority("plc", java.net.URI.create("https://plc.example.org"),
            TlsCertificateAuthority.create("ca", KeyAlgorithm.EC_P256, Duration.ofDays(1), java.time.Clock.systemUTC(), new SecureRandom())
                    .certificate(), Optional.empty(), true);

    @TempDir
    Path directory;

    @Test
    void slicesAreNamedOnTheNodeAsAtPlcAndOnlyUnderTheirAuthority() {
        assertThat(plc.sliverName("plc.princeton.codeen")).contains("princeton_codeen");
        assertThat(plc.sliverName("plc.japan.utokyo.ubiq")).contains("japan.utokyo_ubiq");
        assertThat(plc.sliverName("evil.princeton.codeen")).isEmpty();
        assertThat(plc.sliverName("plcx.a.b")).isEmpty();
        assertThat(plc.sliverName("plc.nodot")).isEmpty();
    }

    @Test
    void aViewListsTheSliversOfItsAuthorityWithKeysAndAccounts() {
        NodeView nodeView = new NodeView(1, "n1.example.org", List.of(), List.of(), List.of(), List.of(
                new NodeAccount(NodeAccount.SITE_ADMIN, List.of(new SliverKey("ssh", "ssh-ed25519 PI"))),
                new NodeAccount(NodeAccount.ROOT, List.of(new SliverKey("ssh", "ssh-ed25519 OP")))), List.of(
                new Sliver("princeton_codeen", "plc.princeton.codeen", 12, "plc-instantiated", "stopped", 2_000_000_000L,
                        List.of(new SliverKey("ssh", "ssh-ed25519 AAA alice ")), List.of(),
                        Map.of("cpu_share", "3", "bootscript", "echo hi", "made_up", "1")),
                new Sliver("evil_x", "evil.evil.x", 13, "plc-instantiated", "started", 2_000_000_000L, List.of(), List.of(),
                        Map.of())));
        // What the node reads is what came over the wire, through the one mapping PLC writes with.
        GetSliversAnswer answer = GetSliversWire.fromWire(GetSliversWire.toWire(new GetSliversAnswer.Full("v1", 1L, nodeView)));
        SliverView view = SliverView.of(plc, (GetSliversAnswer.Full) answer);
        assertThat(view.slivers()).containsOnlyKeys("princeton_codeen");
        SliverView.Wanted sliver = view.slivers().get("princeton_codeen");
        assertThat(sliver.started()).isFalse();
        assertThat(sliver.sliceId()).isEqualTo(12);
        assertThat(sliver.expires()).isEqualTo(Instant.ofEpochSecond(2_000_000_000L));
        assertThat(sliver.rspec().keys()).containsExactly("ssh-ed25519 AAA alice");
        assertThat(sliver.rspec().value(RspecAttribute.BOOTSCRIPT)).contains("echo hi");
        assertThat(view.accounts().siteAdmin()).containsExactly("ssh-ed25519 PI");
        assertThat(view.accounts().root()).containsExactly("ssh-ed25519 OP");
    }

    @Test
    void theNodesOwnPlcIsTakenAtItsWordForItsOtherNamingAuthoritiesAndNoOtherAuthorityIs() {
        List<Sliver> slivers = List.of(
                new Sliver("princeton_codeen", "plc.princeton.codeen", 12, "plc-instantiated", "started", 2_000_000_000L,
                        List.of(), List.of(), Map.of()),
                new Sliver("inria_demo", "ple.inria.demo", 14, "plc-instantiated", "started", 2_000_000_000L,
                        List.of(), List.of(), Map.of()),
                new Sliver("evil_x", "evil.evil.x", 13, "plc-instantiated", "started", 2_000_000_000L, List.of(), List.of(),
                        Map.of()));
        NodeView nodeView = new NodeView(1, "n1.example.org", List.of(), List.of(), List.of(), List.of(), List.of(), slivers,
                SliceStops.NONE, Reservations.UNRESERVED, List.of("plc", "ple"));
        GetSliversAnswer.Full answer = (GetSliversAnswer.Full) GetSliversWire.fromWire(
                GetSliversWire.toWire(new GetSliversAnswer.Full("v1", 1L, nodeView)));
        assertThat(SliverView.of(plc, answer).slivers()).containsOnlyKeys("princeton_codeen", "inria_demo");
        assertThat(SliverView.of(plc, answer).slivers().get("inria_demo").hierarchicalName()).isEqualTo("ple.inria.demo");

        SliceAuthority foreign = new SliceAuthority("plc", java.net.URI.create("https://elsewhere.example.org"), plc.tlsCa(),
                Optional.empty(), false);
        assertThat(SliverView.of(foreign, answer).slivers()).as("an authority that does not manage the node names only its own slices")
                .containsOnlyKeys("princeton_codeen");
        SliceAuthority otherPool = new SliceAuthority("ple", plc.url(), plc.tlsCa(), Optional.empty(), true);
        assertThat(SliverView.of(otherPool, answer).slivers()).as("a pool of the same PLC under another of its authorities")
                .containsOnlyKeys("inria_demo");
    }

    @Test
    void growthIsBoundAndShrinkingOrAnotherImageMeansRecreating() {
        Rspec have = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "2", RspecAttribute.BURST_RATE, "1000"), List.of(), "", "");
        ResourceChange grow = ResourceChange.between(have, have.withAttribute(RspecAttribute.CPU_SHARE, "5")
                .withAttribute(RspecAttribute.BURST_RATE, "3000"));
        assertThat(grow.recreate()).isFalse();
        assertThat(grow.grow().attributes()).containsEntry(RspecAttribute.CPU_SHARE, "3").containsEntry(RspecAttribute.BURST_RATE, "3000");
        assertThat(ResourceChange.between(have, have).grows()).isFalse();
        assertThat(ResourceChange.between(have, have.withAttribute(RspecAttribute.CPU_SHARE, "1")).recreate()).isTrue();
        assertThat(ResourceChange.between(have, have.withAttribute(RspecAttribute.IMAGE, "debian")).recreate()).isTrue();
        assertThat(ResourceChange.between(have, have.withAttribute(RspecAttribute.PACKAGES, "curl")).recreate()).isTrue();
        assertThat(ResourceChange.between(have, have.withAttribute(RspecAttribute.BOOTSCRIPT, "x")).recreate()).isFalse();
    }

    @Test
    void aChangedRestrictionIsBoundUpOrDownWithoutRecreatingAndAPoolDoesNotHoldIt() {
        Rspec have = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "2", RspecAttribute.CPU_CAP, "50",
                RspecAttribute.VSYS, "pcap,usage"), List.of(), "", "");
        ResourceChange lowered = ResourceChange.between(have, have.withAttribute(RspecAttribute.CPU_CAP, "20")
                .withAttribute(RspecAttribute.VSYS, "usage"));
        assertThat(lowered.recreate()).isFalse();
        assertThat(lowered.grow().attributes()).containsOnly(Map.entry(RspecAttribute.CPU_CAP, "20"),
                Map.entry(RspecAttribute.VSYS, "usage"));
        assertThat(have.plus(lowered.grow()).valueOrDefault(RspecAttribute.CPU_CAP)).isEqualTo("20");
        assertThat(have.plus(lowered.grow()).valueOrDefault(RspecAttribute.VSYS)).isEqualTo("usage");
        ResourceChange uncapped = ResourceChange.between(have, new Rspec(Map.of(RspecAttribute.CPU_SHARE, "2"), List.of(), "", ""));
        assertThat(uncapped.grow().attributes()).containsEntry(RspecAttribute.CPU_CAP, "0").containsEntry(RspecAttribute.VSYS, "");
        assertThat(ResourceChange.between(have, have).grows()).isFalse();

        Rspec pool = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "10"), List.of(), "", "");
        assertThat(pool.split(have).valueOrDefault(RspecAttribute.CPU_SHARE)).as("a cap is not taken from the pool").isEqualTo("8");
    }

    @Test
    void changedPortReservationsAndAnHttpNameReachARunningSliverWithoutRecreatingIt() {
        Rspec have = new Rspec(Map.of(RspecAttribute.CPU_SHARE, "2", RspecAttribute.TCP_PORTS, "8080"), List.of(), "", "");
        Rspec want = have.withAttribute(RspecAttribute.TCP_PORTS, "8081").withAttribute(RspecAttribute.UDP_PORTS, "9999")
                .withAttribute(RspecAttribute.CODEMUX, "8081").withAttribute(RspecAttribute.PRIVILEGED_PORTS, "1");
        ResourceChange changed = ResourceChange.between(have, want);
        assertThat(changed.recreate()).isFalse();
        assertThat(have.plus(changed.grow()).attributes()).isEqualTo(want.attributes());
        ResourceChange released = ResourceChange.between(have, new Rspec(Map.of(RspecAttribute.CPU_SHARE, "2"), List.of(), "", ""));
        assertThat(have.plus(released.grow()).valueOrDefault(RspecAttribute.TCP_PORTS)).as("a reservation removed").isEmpty();
        assertThat(ResourceChange.between(want, want).grows()).isFalse();
    }

    @Test
    void recordsSurviveARestart() {
        ScsRecords records = new ScsRecords(directory);
        records.putCentral(new ScsRecords.Central("princeton_codeen", "plc", 12));
        records.putLease(new ScsRecords.Leased("princeton_x", "plc", "plc.princeton.x", "0".repeat(32), "a@b.org",
                Instant.ofEpochSecond(2_000_000_000L), "<lease/>"));
        ScsRecords again = new ScsRecords(directory);
        assertThat(again.central("princeton_codeen")).map(ScsRecords.Central::sliceId).contains(12L);
        assertThat(again.lease("princeton_x")).map(ScsRecords.Leased::end).contains(Instant.ofEpochSecond(2_000_000_000L));
        again.removeLease("princeton_x");
        assertThat(new ScsRecords(directory).leases()).isEmpty();
    }

    @Test
    void theStopsAnAuthorityNamedAreKeptAcrossARestart() {
        ScsRecords records = new ScsRecords(directory);
        assertThat(records.stops("plc").stops("plc.princeton.x")).as("nothing is stopped before a view says so").isFalse();
        records.putStops("plc", new SliceStops(false, List.of("plc.princeton.x")));
        records.putStops("other", new SliceStops(true, List.of()));
        ScsRecords again = new ScsRecords(directory);
        assertThat(again.stops("plc").stops("plc.princeton.x")).isTrue();
        assertThat(again.stops("plc").stops("plc.princeton.y")).isFalse();
        assertThat(again.stops("other").stops("other.any.slice")).isTrue();
        again.putStops("plc", SliceStops.NONE);
        assertThat(new ScsRecords(directory).stops("plc").stops("plc.princeton.x")).as("a start lifts it").isFalse();
    }

    @Test
    void aRecordCutShortByACrashIsNotRead() throws Exception {
        ScsRecords records = new ScsRecords(directory);
        records.putCentral(new ScsRecords.Central("princeton_codeen", "plc", 12));
        // What a crash between writing a record's new content and renaming it into place leaves.
        java.nio.file.Files.writeString(directory.resolve("slivers").resolve("princeton_torn.json.tmp"), "{\"name\": \"prin");
        ScsRecords again = new ScsRecords(directory);
        assertThat(again.centralNames()).containsExactly("princeton_codeen");
        assertThat(directory.resolve("slivers").resolve("princeton_torn.json.tmp")).doesNotExist();
    }
}
