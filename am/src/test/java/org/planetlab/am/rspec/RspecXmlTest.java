package org.planetlab.am.rspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The §4.10 hierarchy (pools, the slivers bound from them, slivers bound from the node) round-trips
 * between the node's JSON form and GENI RSpec v3 XML in each of its three forms, and what a tool
 * writes by hand reads into the same JSON; what the node would not accept is refused.
 */
class RspecXmlTest {
    private static final String NODE = "urn:publicid:IDN+plc:princeton+node+planetlab1.cs.princeton.edu";
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDc1B3G6Iz9i4mJ3fdWBw1zXWXZzUSoRcR5lbcPpFzkv uma@example.org";
    private static final String CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n";
    private static final String EXTENSION = "http://www.planet-lab.org/resources/rspec/ext/planetlab/1";
    private static final Instant GENERATED = Instant.parse("2026-12-07T11:00:00Z");

    /** A node as the node manager's JSON has it: a pool handed to PLC Japan with one sliver bound from it, and a sliver of the node's own. */
    private static final Map<String, Object> JSON = Map.of(
            "component_id", NODE,
            "pools", List.of(Map.of("name", "plc_japan",
                    "rspec", Map.of("cpu_share", "10", "mem_limit", "2048", "authority", "plc.japan",
                            "authority_url", "https://plc.japan.example.org/PLCAPI/", "authority_cert", CERTIFICATE),
                    "slivers", List.of(Map.of("name", "japan_demo", "rspec", Map.of("cpu_share", "2", "keys", List.of(KEY)))))),
            "slivers", List.of(Map.of("name", "princeton_codeen",
                    "rspec", Map.of("bootscript", "echo \"<started>\" & date", "tcp_ports", "8080,9000-9010", "keys", List.of(KEY)))));

    @Test
    void theHierarchyRoundTripsBetweenJsonAndEachFormOfRspecV3() {
        NodeResources node = NodeResources.fromJson(JSON);
        Map<String, Object> canonical = node.toJson();
        assertThat(canonical).isEqualTo(NodeResources.fromJson(canonical).toJson());
        for (RspecXml.Form form : RspecXml.Form.values()) {
            String xml = RspecXml.write(form, List.of(node), GENERATED);
            assertThat(xml).contains("xmlns=\"http://www.geni.net/resources/rspec/3\"", "component_id=\"" + NODE + "\"",
                    "<planetlab:pool name=\"plc_japan\">", "<planetlab:sliver name=\"japan_demo\">",
                    "<planetlab:attribute name=\"cpu_share\" unit=\"shares\" value=\"10\"/>");
            RspecXml.Read read = RspecXml.read(xml);
            assertThat(read.form()).isEqualTo(form);
            assertThat(read.nodes()).hasSize(1);
            assertThat(read.nodes().getFirst().toJson()).as(form.name()).isEqualTo(canonical);
            assertThat(RspecXml.write(form, read.nodes(), GENERATED)).isEqualTo(xml);
        }
        // Markup in a bootscript travels as text, not as XML.
        assertThat(RspecXml.write(RspecXml.Form.MANIFEST, List.of(node), GENERATED)).contains("echo &quot;&lt;started&gt;&quot; &amp; date");
    }

    @Test
    void anRspecATooWritesReadsIntoTheNodesJson() {
        String xml = """
                <rspec xmlns="http://www.geni.net/resources/rspec/3" xmlns:pl="%s" type="request">
                  <node client_id="a" component_id="%s" exclusive="false">
                    <sliver_type name="plab-vserver"/>
                    <pl:sliver name="princeton_codeen">
                      <pl:attribute name="bootscript" value="echo hi"/>
                      <pl:key>%s</pl:key>
                    </pl:sliver>
                  </node>
                </rspec>""".formatted(EXTENSION, NODE, KEY);
        RspecXml.Read read = RspecXml.read(xml);
        assertThat(read.form()).isEqualTo(RspecXml.Form.REQUEST);
        assertThat(read.nodes().getFirst().toJson()).isEqualTo(Map.of("component_id", NODE, "pools", List.of(),
                "slivers", List.of(Map.of("name", "princeton_codeen", "rspec", Map.of("bootscript", "echo hi", "keys", List.of(KEY))))));
    }

    @Test
    void whatTheNodeWouldNotAcceptIsRefused() {
        String unknownAttribute = wrap("<pl:sliver name=\"princeton_x\"><pl:attribute name=\"cpu_shares\" value=\"1\"/></pl:sliver>");
        assertThatThrownBy(() -> RspecXml.read(unknownAttribute)).isInstanceOfSatisfying(PlanetLabException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining("cpu_shares");
        String badValue = wrap("<pl:sliver name=\"princeton_x\"><pl:attribute name=\"mem_limit\" value=\"lots\"/></pl:sliver>");
        assertThatThrownBy(() -> RspecXml.read(badValue)).isInstanceOf(PlanetLabException.class);
        String unknownElement = wrap("<pl:sliver name=\"princeton_x\"><pl:script>rm -rf /</pl:script></pl:sliver>");
        assertThatThrownBy(() -> RspecXml.read(unknownElement)).isInstanceOfSatisfying(GeniException.class,
                e -> assertThat(e.code()).isEqualTo(GeniCode.BADARGS)).hasMessageContaining("pl:script");
        String badName = wrap("<pl:sliver name=\"../etc\"/>");
        assertThatThrownBy(() -> RspecXml.read(badName)).hasMessageContaining("slice name");
        String twice = wrap("<pl:sliver name=\"princeton_x\"><pl:attribute name=\"cpu_share\" value=\"1\"/>"
                + "<pl:attribute name=\"cpu_share\" value=\"9\"/></pl:sliver>");
        assertThatThrownBy(() -> RspecXml.read(twice)).hasMessageContaining("given twice");
        String entity = "<!DOCTYPE rspec [<!ENTITY x \"boom\">]>" + wrap("<pl:sliver name=\"princeton_x\"/>");
        assertThatThrownBy(() -> RspecXml.read(entity)).isInstanceOf(PlanetLabException.class);
        String version2 = "<rspec xmlns=\"http://www.protogeni.net/resources/rspec/2\" type=\"request\"/>";
        assertThatThrownBy(() -> RspecXml.read(version2)).isInstanceOfSatisfying(GeniException.class,
                e -> assertThat(e.code()).isEqualTo(GeniCode.BADVERSION));
        String badType = "<rspec xmlns=\"http://www.geni.net/resources/rspec/3\" type=\"ticket\"/>";
        assertThatThrownBy(() -> RspecXml.read(badType)).hasMessageContaining("none of advertisement, request, manifest");
    }

    private static String wrap(String content) {
        return "<rspec xmlns=\"http://www.geni.net/resources/rspec/3\" xmlns:pl=\"" + EXTENSION + "\" type=\"manifest\">"
                + "<node component_id=\"" + NODE + "\">" + content + "</node></rspec>";
    }
}
