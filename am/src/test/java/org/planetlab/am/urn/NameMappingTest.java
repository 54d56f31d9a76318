package org.planetlab.am.urn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;

/** GENI URNs and PLC's names (Architecture §4.4), both ways. */
class NameMappingTest {
    private final NameMapping plc = new NameMapping("plc");

    @Test
    void aSliceUrnIsTheHierarchicalNameAndThePlcapiName() {
        Urn slice = Urn.parse("urn:publicid:IDN+plc:princeton+slice+codeen");
        assertThat(NameMapping.hierarchicalName(slice)).isEqualTo("plc.princeton.codeen");
        assertThat(plc.plcapiSliceName(slice)).isEqualTo("princeton_codeen");
        assertThat(plc.sliceUrn("princeton_codeen")).isEqualTo(slice);
        assertThat(plc.sliceUrn("princeton_my_slice").toString()).isEqualTo("urn:publicid:IDN+plc:princeton+slice+my_slice");
        assertThat(slice.toString()).isEqualTo("urn:publicid:IDN+plc:princeton+slice+codeen");
    }

    @Test
    void nodesAndSliversHaveUrnsOfThisAggregate() {
        Urn node = plc.nodeUrn("princeton", "PlanetLab1.CS.Princeton.EDU");
        assertThat(node.toString()).isEqualTo("urn:publicid:IDN+plc:princeton+node+planetlab1.cs.princeton.edu");
        assertThat(plc.hostname(node)).isEqualTo("planetlab1.cs.princeton.edu");
        Urn sliver = plc.sliverUrn(12, 34);
        assertThat(sliver.toString()).isEqualTo("urn:publicid:IDN+plc+sliver+12-34");
        assertThat(plc.sliceIdOfSliver(Urn.parse(sliver.toString()))).isEqualTo(12);
        assertThat(plc.aggregateUrn().toString()).isEqualTo("urn:publicid:IDN+plc+authority+cm");
        assertThat(new NameMapping("plc.japan").sliceAuthorityUrn().toString()).isEqualTo("urn:publicid:IDN+plc:japan+authority+sa");
    }

    @Test
    void aSiteUnderAnotherAuthorityOfThisPlcHasItsNamesThere() {
        NameMapping two = new NameMapping("plc", loginBase -> loginBase.equals("inria") ? Optional.of("ple") : Optional.empty());
        Urn demo = Urn.parse("urn:publicid:IDN+ple:inria+slice+demo");
        assertThat(two.plcapiSliceName(demo)).isEqualTo("inria_demo");
        assertThat(two.sliceUrn("inria_demo")).isEqualTo(demo);
        assertThat(two.loginBase(demo)).isEqualTo("inria");
        assertThat(two.sliceUrn("princeton_codeen").toString()).isEqualTo("urn:publicid:IDN+plc:princeton+slice+codeen");
        Urn node = two.nodeUrn("inria", "node1.inria.fr");
        assertThat(node.toString()).isEqualTo("urn:publicid:IDN+ple:inria+node+node1.inria.fr");
        assertThat(two.hostname(node)).isEqualTo("node1.inria.fr");
        // Each site's names are under its own authority only.
        assertThatThrownBy(() -> two.plcapiSliceName(Urn.parse("urn:publicid:IDN+plc:inria+slice+demo")))
                .isInstanceOfSatisfying(GeniException.class, e -> assertThat(e.code()).isEqualTo(GeniCode.REFUSED))
                .hasMessageContaining("urn:publicid:IDN+ple:inria+slice+<name>");
        assertThatThrownBy(() -> two.plcapiSliceName(Urn.parse("urn:publicid:IDN+ple:princeton+slice+codeen")))
                .isInstanceOfSatisfying(GeniException.class, e -> assertThat(e.code()).isEqualTo(GeniCode.REFUSED));
        assertThatThrownBy(() -> two.hostname(Urn.parse("urn:publicid:IDN+ple:princeton+node+n1.princeton.edu")))
                .isInstanceOfSatisfying(GeniException.class, e -> assertThat(e.code()).isEqualTo(GeniCode.SEARCHFAILED));
    }

    @Test
    void namesOfOtherAuthoritiesOrThatPlcCannotHoldAreRefused() {
        assertThatThrownBy(() -> plc.plcapiSliceName(Urn.parse("urn:publicid:IDN+ple:inria+slice+demo")))
                .isInstanceOfSatisfying(GeniException.class, e -> assertThat(e.code()).isEqualTo(GeniCode.REFUSED));
        assertThatThrownBy(() -> plc.plcapiSliceName(Urn.parse("urn:publicid:IDN+plc:japan:utokyo+slice+ubiq")))
                .isInstanceOfSatisfying(GeniException.class, e -> assertThat(e.code()).isEqualTo(GeniCode.REFUSED));
        assertThatThrownBy(() -> plc.plcapiSliceName(Urn.parse("urn:publicid:IDN+plc:princeton+slice+web-1")))
                .isInstanceOfSatisfying(GeniException.class, e -> assertThat(e.code()).isEqualTo(GeniCode.BADARGS));
        assertThatThrownBy(() -> plc.plcapiSliceName(Urn.parse("urn:publicid:IDN+plc:princeton+slice+" + "a".repeat(40))))
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> plc.sliceIdOfSliver(Urn.parse("urn:publicid:IDN+ple+sliver+1-2")))
                .isInstanceOfSatisfying(GeniException.class, e -> assertThat(e.code()).isEqualTo(GeniCode.SEARCHFAILED));
        assertThatThrownBy(() -> Urn.parse("urn:publicid:IDN+plc:princeton+user+alice", "slice")).hasMessageContaining("names a user");
    }
}
