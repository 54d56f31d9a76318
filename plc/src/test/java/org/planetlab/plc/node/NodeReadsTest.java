package org.planetlab.plc.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** Nodes read typed, as an aggregate manager lists what it may offer: by site, boot state and slice. */
class NodeReadsTest {
    private TestingPlc testing;
    private NodeService nodes;
    private long alpha;
    private long first;
    private long second;
    private long elsewhere;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        nodes = testing.plc().nodes();
        alpha = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("alpha", "Alpha", "Alpha"));
        long beta = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("beta", "Beta", "Beta"));
        first = nodes.addNode(Caller.INTERNAL, SiteRef.of(alpha), NewNode.named("One.Alpha.org"));
        second = nodes.addNode(Caller.INTERNAL, SiteRef.of(alpha), NewNode.named("two.alpha.org"));
        elsewhere = nodes.addNode(Caller.INTERNAL, SiteRef.of(beta), NewNode.named("one.beta.org"));
        nodes.updateNode(Caller.INTERNAL, NodeRef.of(second), NodeUpdate.bootState("boot"));
        testing.plc().slices().addSlice(Caller.INTERNAL, NewSlice.described("alpha_run", "runs", "https://a.org/"));
        testing.plc().sliceMembership().addNodes(Caller.INTERNAL, SliceRef.of("alpha_run"),
                List.of(NodeRef.of(first), NodeRef.of(elsewhere)));
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aNodeIsFoundByIdOrHostnameInAnyCase() {
        NodeDetails node = nodes.node(NodeRef.of("one.alpha.ORG")).orElseThrow();
        assertThat(node).isEqualTo(new NodeDetails(first, alpha, "One.Alpha.org", "regular", "reinstall",
                Optional.empty(), Optional.empty(), OptionalLong.empty(), node.dateCreated()));
        assertThat(nodes.node(NodeRef.of(first))).contains(node);
        assertThat(nodes.node(NodeRef.of("nowhere.alpha.org"))).isEmpty();
    }

    @Test
    void filtersCombineAndPagesFollowIds() {
        assertThat(nodes.nodes(NodeFilter.all(10).atSite(alpha))).extracting(NodeDetails::nodeId)
                .containsExactly(first, second);
        assertThat(nodes.nodes(NodeFilter.all(10).inBootState("boot"))).extracting(NodeDetails::nodeId)
                .containsExactly(second);
        assertThat(nodes.nodes(NodeFilter.all(10).runningSlice(slice()))).extracting(NodeDetails::nodeId)
                .containsExactly(first, elsewhere);
        assertThat(nodes.nodes(NodeFilter.all(10).runningSlice(slice()).atSite(alpha))).extracting(NodeDetails::nodeId)
                .containsExactly(first);
        assertThat(nodes.nodes(NodeFilter.all(2).after(first))).extracting(NodeDetails::nodeId)
                .containsExactly(second, elsewhere);

        nodes.deleteNode(Caller.INTERNAL, NodeRef.of(second));
        assertThat(nodes.nodes(NodeFilter.all(10).atSite(alpha))).extracting(NodeDetails::nodeId)
                .containsExactly(first);
    }

    private long slice() {
        return testing.plc().slices().slice(Caller.INTERNAL, SliceRef.of("alpha_run")).orElseThrow().sliceId();
    }
}
