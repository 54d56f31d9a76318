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
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** Slices read typed, as a portal shows "my slices" and an aggregate manager resolves a name. */
class SliceReadsTest {
    private TestingPlc testing;
    private SliceService slices;
    private Caller user;
    private long siteId;
    private long nodeId;
    private long userId;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        slices = testing.plc().slices();
        siteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("reads", "Reads", "Reads"));
        nodeId = testing.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("node1.reads.org"));
        userId = testing.plc().persons().addPerson(Caller.INTERNAL, new NewPerson(Profile.of("user@reads.org", "U",
                "Ser"), Optional.empty(), Optional.of(true)));
        user = Caller.person(userId, Set.of(Role.USER), List.of(siteId), "password", Optional.empty());
        slices.addSlice(Caller.INTERNAL, NewSlice.described("reads_mine", "mine", "https://reads.org/mine"));
        slices.addSlice(Caller.INTERNAL, NewSlice.described("reads_other", "other", "https://reads.org/other"));
        testing.plc().sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(userId), SliceRef.of("reads_mine"));
        testing.plc().sliceMembership().addNodes(Caller.INTERNAL, SliceRef.of("reads_other"),
                List.of(NodeRef.of(nodeId)));
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aSliceIsFoundByEitherNameOrItsId() {
        SliceDetails mine = slices.slice(user, SliceRef.of("plc.reads.mine")).orElseThrow();
        assertThat(mine.name()).isEqualTo("reads_mine");
        assertThat(mine.hierarchicalName()).isEqualTo("plc.reads.mine");
        assertThat(mine.siteId()).isEqualTo(siteId);
        assertThat(mine.description()).contains("mine");
        assertThat(mine.expires()).isGreaterThan(mine.created());
        assertThat(slices.slice(user, SliceRef.of("reads_mine"))).contains(mine);
        assertThat(slices.slice(user, SliceRef.of(mine.sliceId()))).contains(mine);
        assertThat(slices.slice(user, SliceRef.of("plc.elsewhere.mine"))).isEmpty();
    }

    @Test
    void filtersSelectByUserNodeAndSiteAndSkipDeletedSlices() {
        assertThat(slices.slices(user, SliceFilter.all(10).withUser(userId))).extracting(SliceDetails::name)
                .containsExactly("reads_mine");
        assertThat(slices.slices(user, SliceFilter.all(10).onNode(nodeId))).extracting(SliceDetails::name)
                .containsExactly("reads_other");
        assertThat(slices.slices(user, SliceFilter.all(10).atSite(siteId))).extracting(SliceDetails::name)
                .containsExactly("reads_mine", "reads_other");

        testing.plc().mutations().run(Caller.INTERNAL, "DeleteSlice", List.of("reads_other"), mutation -> {
            slices.deleteSlice(mutation, SliceRef.of("reads_other"));
            return null;
        });
        assertThat(slices.slices(user, SliceFilter.all(10).atSite(siteId))).extracting(SliceDetails::name)
                .containsExactly("reads_mine");
    }

    @Test
    void anonymousCallersReadNoSlices() {
        assertThatThrownBy(() -> slices.slices(Caller.ANONYMOUS, SliceFilter.all(10)))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                    assertThat(e.getMessage()).contains("anonymous has none, authenticate first");
                });
    }
}
