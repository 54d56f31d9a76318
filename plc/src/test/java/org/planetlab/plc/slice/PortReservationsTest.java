package org.planetlab.plc.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** Port reservations (tcp_ports, udp_ports) refused at the slice authority, changing nothing. */
class PortReservationsTest {
    private static final SliceRef WEB = SliceRef.of("ports_web");
    private static final SliceRef DHT = SliceRef.of("ports_dht");
    private static final TagTypeRef TCP = TagTypeRef.of("tcp_ports");
    private static final TagTypeRef UDP = TagTypeRef.of("udp_ports");
    private static final TagTypeRef GRANT = TagTypeRef.of("privileged_ports");

    private TestingPlc testing;
    private SliceTagService sliceTags;
    private Caller webUser;
    private Caller dhtUser;
    private long first;
    private long second;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        sliceTags = testing.plc().sliceTags();
        long siteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("ports", "Ports", "Ports"));
        first = testing.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("one.ports.org"));
        second = testing.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("two.ports.org"));
        webUser = member(siteId, "web@ports.org", WEB, "ports_web");
        dhtUser = member(siteId, "dht@ports.org", DHT, "ports_dht");
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aPortIsReservedForOneSliceOnly() {
        sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, TCP, "8080, 9000-9010"));
        String before = RegistrySnapshot.take(testing.plc().database());

        assertRefused(() -> sliceTags.addSliceTag(dhtUser, NewSliceTag.of(DHT, TCP, "7000,9005")), ErrorCode.ALREADY_EXISTS,
                "slice ports_dht: tcp_ports [9005] overlaps the reservation of slice ports_web (8080,9000-9010)");
        assertRefused(() -> sliceTags.addSliceTag(dhtUser, NewSliceTag.of(DHT, TCP, "8080").onNode(NodeRef.of(first))),
                ErrorCode.ALREADY_EXISTS, "overlaps the reservation of slice ports_web");

        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
        sliceTags.addSliceTag(dhtUser, NewSliceTag.of(DHT, UDP, "8080"));
        sliceTags.addSliceTag(dhtUser, NewSliceTag.of(DHT, TCP, "7000"));
    }

    @Test
    void reservationsOnDifferentNodesDoNotMeet() {
        sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, TCP, "8080").onNode(NodeRef.of(first)));
        sliceTags.addSliceTag(dhtUser, NewSliceTag.of(DHT, TCP, "8080").onNode(NodeRef.of(second)));

        assertRefused(() -> sliceTags.addSliceTag(dhtUser, NewSliceTag.of(DHT, TCP, "8080").onNode(NodeRef.of(first))),
                ErrorCode.ALREADY_EXISTS, "overlaps the reservation of slice ports_web");
    }

    @Test
    void anUpdateIsCheckedLikeANewValue() {
        sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, TCP, "8080"));
        long dhtTag = sliceTags.addSliceTag(dhtUser, NewSliceTag.of(DHT, TCP, "7000"));
        String before = RegistrySnapshot.take(testing.plc().database());

        assertRefused(() -> sliceTags.updateSliceTag(dhtUser, dhtTag, "7000,8080"), ErrorCode.ALREADY_EXISTS,
                "tcp_ports [8080] overlaps the reservation of slice ports_web");
        assertRefused(() -> sliceTags.updateSliceTag(dhtUser, dhtTag, "7000;reboot"), ErrorCode.INVALID_ARGUMENT,
                "tcp_ports value \"7000;reboot\" is not valid: entry \"7000;reboot\" is not a port");

        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
        sliceTags.updateSliceTag(dhtUser, dhtTag, "7000-7001");
    }

    @Test
    void hostileListsAreRefusedWithTheirReason() {
        String before = RegistrySnapshot.take(testing.plc().database());

        assertRefused(() -> sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, TCP, "1-65535")), ErrorCode.INVALID_ARGUMENT,
                "reserves 65535 ports, at most 1024");
        assertRefused(() -> sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, UDP, "70000")), ErrorCode.INVALID_ARGUMENT,
                "outside the ports 1 to 65535");
        assertRefused(() -> sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, UDP, "53-50")), ErrorCode.INVALID_ARGUMENT,
                "ends before it starts");
        assertRefused(() -> sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, TCP, "8080,8000-8100")), ErrorCode.INVALID_ARGUMENT,
                "overlap");
        assertRefused(() -> sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, TCP, "$(id)")), ErrorCode.INVALID_ARGUMENT,
                "is not a port or a range");

        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
    }

    @Test
    void portsBelow1024NeedTheOperatorsGrant() {
        String before = RegistrySnapshot.take(testing.plc().database());
        assertRefused(() -> sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, TCP, "80,8080")), ErrorCode.PERMISSION_DENIED,
                "slice ports_web: tcp_ports 80,8080 holds ports below 1024, which need privileged_ports = 1");
        assertRefused(() -> sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, GRANT, "1")), ErrorCode.PERMISSION_DENIED,
                "privileged_ports");
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);

        sliceTags.addSliceTag(Caller.INTERNAL, NewSliceTag.of(WEB, GRANT, "1"));
        sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, TCP, "80,8080"));
        assertRefused(() -> sliceTags.addSliceTag(dhtUser, NewSliceTag.of(DHT, UDP, "53")), ErrorCode.PERMISSION_DENIED,
                "need privileged_ports = 1");
    }

    @Test
    void anHttpNameIsWellFormedAndRegisteredByOneSliceOnly() {
        TagTypeRef codemux = TagTypeRef.of("codemux");
        long webTag = sliceTags.addSliceTag(webUser, NewSliceTag.of(WEB, codemux, "WWW.Example.org , 8080"));
        assertThat(org.planetlab.plc.testing.Registry.rows(testing.operator(org.planetlab.api.client.PlcClient.Encoding.JSON)
                .call("GetSliceTags", List.of(webTag))).getFirst()).containsEntry("value", "www.example.org,8080");
        String before = RegistrySnapshot.take(testing.plc().database());

        assertRefused(() -> sliceTags.addSliceTag(dhtUser, NewSliceTag.of(DHT, codemux, "www.example.org,9000")),
                ErrorCode.ALREADY_EXISTS, "codemux name www.example.org is registered by slice ports_web");
        for (String hostile : List.of("80000", "x", "a b,80", "evil.org;rm,80", "-bad.org,80", "host,80", ",80",
                "www.example.org,", "www.example.org,80,81")) {
            assertRefused(() -> sliceTags.addSliceTag(dhtUser, NewSliceTag.of(DHT, codemux, hostile)),
                    ErrorCode.INVALID_ARGUMENT, "codemux value");
        }
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
        sliceTags.addSliceTag(dhtUser, NewSliceTag.of(DHT, codemux, "9000"));
    }

    private Caller member(long siteId, String email, SliceRef slice, String name) {
        long personId = testing.plc().persons().addPerson(Caller.INTERNAL, new NewPerson(
                Profile.of(email, "Port", "User"), Optional.of("password-of-" + email), Optional.of(true)));
        testing.plc().personMemberships().addToSite(Caller.INTERNAL, PersonRef.of(personId), SiteRef.of(siteId));
        testing.plc().slices().addSlice(Caller.INTERNAL, NewSlice.described(name, "ports", "https://ports.org/"));
        testing.plc().sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(personId), slice);
        testing.plc().sliceMembership().addNodes(Caller.INTERNAL, slice, List.of(NodeRef.of(first), NodeRef.of(second)));
        return Caller.person(personId, Set.of(Role.USER), List.of(siteId), "password", Optional.empty());
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
