package org.planetlab.plc.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NewNodeGroup;
import org.planetlab.plc.node.NodeGroupRef;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.tag.NewTagType;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** Who may set which slice attribute where, called typed. */
class SliceTagServiceTest {
    private static final SliceRef SLICE = SliceRef.of("tags_one");
    private static final TagTypeRef BOOTSCRIPT = TagTypeRef.of("bootscript");

    private TestingPlc testing;
    private SliceTagService sliceTags;
    private PlcClient operator;
    private long siteId;
    private long onSlice;
    private long offSlice;
    private Caller member;
    private Caller outsider;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        sliceTags = testing.plc().sliceTags();
        operator = testing.operator(PlcClient.Encoding.JSON);
        siteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("tags", "Tags", "Tags"));
        onSlice = testing.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("on.tags.org"));
        offSlice = testing.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("off.tags.org"));
        long memberId = user("member@tags.org");
        member = Caller.person(memberId, Set.of(Role.USER), List.of(siteId), "password", Optional.empty());
        outsider = Caller.person(user("outsider@tags.org"), Set.of(Role.USER), List.of(siteId), "password",
                Optional.empty());
        testing.plc().slices().addSlice(Caller.INTERNAL, NewSlice.described("tags_one", "tagged", "https://tags.org/"));
        testing.plc().sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(memberId), SLICE);
        testing.plc().sliceMembership().addNodes(Caller.INTERNAL, SLICE, List.of(NodeRef.of(onSlice)));
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void onlyTheSlicesUsersAndItsSitesPisSetItsAttributes() {
        String before = RegistrySnapshot.take(testing.plc().database());
        assertRefused(() -> sliceTags.addSliceTag(outsider, NewSliceTag.of(SLICE, BOOTSCRIPT, "echo hi")),
                ErrorCode.PERMISSION_DENIED, "AddSliceTag: " + outsider.describe()
                        + " is neither a user of slice tags_one nor a PI of its site");
        assertRefused(() -> sliceTags.addSliceTag(member, NewSliceTag.of(SLICE, TagTypeRef.of("cpu_share"), "2")),
                ErrorCode.PERMISSION_DENIED, "cpu_share may be set only by roles up to min_role_id 10");
        assertRefused(() -> sliceTags.addSliceTag(member, NewSliceTag.of(SLICE, BOOTSCRIPT, "echo hi")
                .onNode(NodeRef.of(offSlice))), ErrorCode.PERMISSION_DENIED, "slice tags_one is not on node off.tags.org");
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);

        long tagId = sliceTags.addSliceTag(member, NewSliceTag.of(SLICE, BOOTSCRIPT, "echo hi"));
        assertRefused(() -> sliceTags.deleteSliceTag(outsider, tagId), ErrorCode.PERMISSION_DENIED,
                "DeleteSliceTag: " + outsider.describe() + " is neither a user of slice tags_one");
        Caller sitePi = Caller.person(99, Set.of(Role.PI), List.of(siteId), "password", Optional.empty());
        sliceTags.updateSliceTag(sitePi, tagId, "echo bye");
        assertThat(rows(operator.call("GetSliceTags", List.of(tagId), List.of("tagname", "value"))).getFirst())
                .isEqualTo(Map.of("tagname", "bootscript", "value", "echo bye"));
    }

    @Test
    void badInputIsRefusedByNameAndChangesNothing() {
        testing.plc().tagTypes().addTagType(Caller.INTERNAL, NewTagType.named("arch"));
        testing.plc().nodeGroups().addNodeGroup(Caller.INTERNAL, new NewNodeGroup("intel", TagTypeRef.of("arch"),
                "x86_64"));
        String before = RegistrySnapshot.take(testing.plc().database());

        assertRefused(() -> sliceTags.addSliceTag(Caller.INTERNAL, NewSliceTag.of(SLICE, BOOTSCRIPT, "echo")
                .onNode(NodeRef.of(onSlice)).forGroup(NodeGroupRef.of("intel"))), ErrorCode.INVALID_ARGUMENT,
                "give a node or a node group, not both");
        assertRefused(() -> sliceTags.addSliceTag(Caller.INTERNAL, NewSliceTag.of(SLICE, TagTypeRef.of("cpu_share"),
                "lots")), ErrorCode.INVALID_ARGUMENT, "");
        assertRefused(() -> sliceTags.addSliceTag(member, NewSliceTag.of(SLICE, BOOTSCRIPT, "echo")
                .forGroup(NodeGroupRef.of("intel"))), ErrorCode.PERMISSION_DENIED,
                "only operators may set attributes for node groups");
        assertRefused(() -> sliceTags.addSliceTag(Caller.INTERNAL, NewSliceTag.of(SliceRef.of("tags_none"),
                BOOTSCRIPT, "echo")), ErrorCode.NOT_FOUND, "no live slice named tags_none");
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
    }

    @Test
    void anRspecAttributeIsSetOncePerScope() {
        long sliceWide = sliceTags.addSliceTag(Caller.INTERNAL, NewSliceTag.of(SLICE, TagTypeRef.of("cpu_share"), "2"));
        assertRefused(() -> sliceTags.addSliceTag(Caller.INTERNAL, NewSliceTag.of(SLICE, TagTypeRef.of("cpu_share"),
                "3")), ErrorCode.ALREADY_EXISTS, "change it with UpdateSliceTag " + sliceWide);
        long perNode = sliceTags.addSliceTag(Caller.INTERNAL, NewSliceTag.of(SLICE, TagTypeRef.of("cpu_share"), "3")
                .onNode(NodeRef.of(onSlice)));
        assertThat(perNode).isNotEqualTo(sliceWide);
    }

    @Test
    void aNodeSetsItsOwnPerNodeValuesOnly() {
        testing.plc().tagTypes().addTagType(Caller.INTERNAL, new NewTagType("seen", Optional.empty(),
                Optional.empty(), OptionalLong.of(Role.NODE.roleId())));
        Caller node = Caller.node(onSlice, siteId, "hmac", Optional.empty());

        long tagId = sliceTags.addSliceTag(node, NewSliceTag.of(SLICE, TagTypeRef.of("seen"), "yes"));
        assertThat(rows(operator.call("GetSliceTags", List.of(tagId), List.of("node_id", "value"))).getFirst())
                .isEqualTo(Map.of("node_id", onSlice, "value", "yes"));
        Caller otherNode = Caller.node(offSlice, siteId, "hmac", Optional.empty());
        assertRefused(() -> sliceTags.updateSliceTag(otherNode, tagId, "no"), ErrorCode.PERMISSION_DENIED,
                "a node may set only its own per-node values");
    }

    private long user(String email) {
        long personId = testing.plc().persons().addPerson(Caller.INTERNAL, new NewPerson(
                Profile.of(email, "First", "Last"), Optional.of("password-of-" + email), Optional.of(true)));
        testing.plc().personMemberships().addToSite(Caller.INTERNAL, PersonRef.of(personId), SiteRef.of(siteId));
        return personId;
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
