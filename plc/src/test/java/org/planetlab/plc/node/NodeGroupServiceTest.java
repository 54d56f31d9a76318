package org.planetlab.plc.node;

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
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.tag.NewTagType;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** The node tag and node group rules, called typed. */
class NodeGroupServiceTest {
    private static final TagTypeRef ARCH = TagTypeRef.of("arch");

    private TestingPlc testing;
    private NodeGroupService groups;
    private PlcClient operator;
    private long nodeId;
    private Caller tech;
    private Caller techElsewhere;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        groups = testing.plc().nodeGroups();
        operator = testing.operator(PlcClient.Encoding.JSON);
        long siteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("tagged", "Tagged", "Tagged"));
        long otherSiteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("other", "Other", "Other"));
        nodeId = testing.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("n1.tagged.org"));
        tech = Caller.person(90, Set.of(Role.TECH), List.of(siteId), "password", Optional.empty());
        techElsewhere = Caller.person(91, Set.of(Role.TECH), List.of(otherSiteId), "password", Optional.empty());
        testing.plc().tagTypes().addTagType(Caller.INTERNAL, new NewTagType("arch", Optional.of("architecture"),
                Optional.of("node/hardware"), OptionalLong.of(Role.TECH.roleId())));
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void onlyThePeopleOfANodesSiteTagItAndOnlyOnceATagType() {
        String before = RegistrySnapshot.take(testing.plc().database());
        assertRefused(() -> groups.addNodeTag(techElsewhere, NodeRef.of(nodeId), ARCH, "x86_64"),
                ErrorCode.PERMISSION_DENIED, "AddNodeTag: node n1.tagged.org belongs to site");
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);

        long tagId = groups.addNodeTag(tech, NodeRef.of("N1.tagged.org"), ARCH, "x86_64");
        assertRefused(() -> groups.addNodeTag(tech, NodeRef.of(nodeId), ARCH, "arm64"), ErrorCode.ALREADY_EXISTS,
                "node n1.tagged.org already has a arch tag; change it with UpdateNodeTag");
        assertRefused(() -> groups.deleteNodeTag(techElsewhere, tagId), ErrorCode.PERMISSION_DENIED,
                "DeleteNodeTag: node n1.tagged.org belongs to site");
        assertThat(rows(operator.call("GetNodeTags", List.of(tagId), List.of("node_id", "tagname", "value")))
                .getFirst()).isEqualTo(Map.of("node_id", nodeId, "tagname", "arch", "value", "x86_64"));
    }

    @Test
    void aTagTypeAboveTheCallersRoleIsRefused() {
        testing.plc().tagTypes().addTagType(Caller.INTERNAL, NewTagType.named("secret"));
        assertRefused(() -> groups.addNodeTag(tech, NodeRef.of(nodeId), TagTypeRef.of("secret"), "yes"),
                ErrorCode.PERMISSION_DENIED, "AddNodeTag: secret may be set only by roles up to min_role_id 10");
    }

    @Test
    void aGroupHoldsTheNodesTaggedWithItsValueAndItsNameIsUnique() {
        groups.addNodeTag(tech, NodeRef.of(nodeId), ARCH, "x86_64");
        long groupId = groups.addNodeGroup(Caller.INTERNAL, new NewNodeGroup("intel", ARCH, "x86_64"));
        groups.addNodeGroup(Caller.INTERNAL, new NewNodeGroup("arm", ARCH, "arm64"));

        assertThat(rows(operator.call("GetNodeGroups", List.of(groupId), List.of("groupname", "node_ids")))
                .getFirst()).isEqualTo(Map.of("groupname", "intel", "node_ids", List.of(nodeId)));
        assertRefused(() -> groups.addNodeGroup(Caller.INTERNAL, new NewNodeGroup("arm", ARCH, "aarch64")),
                ErrorCode.ALREADY_EXISTS, "a node group named arm already exists");
        assertRefused(() -> groups.addNodeGroup(Caller.INTERNAL, new NewNodeGroup("mips", TagTypeRef.of("isa"),
                "mips")), ErrorCode.NOT_FOUND, "no tag type named \"isa\"");
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
