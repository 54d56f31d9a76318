package org.planetlab.plc.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NewNodeGroup;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** The tag type rules, called typed. */
class TagTypeServiceTest {
    private TestingPlc testing;
    private TagTypeService tagTypes;
    private PlcClient operator;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        tagTypes = testing.plc().tagTypes();
        operator = testing.operator(PlcClient.Encoding.JSON);
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aNewTagTypeTakesTheDefaultsAndItsNameIsUnique() {
        long id = tagTypes.addTagType(Caller.INTERNAL, NewTagType.named("color"));

        assertThat(rows(operator.call("GetTagTypes", List.of(id), List.of("tagname", "description", "category",
                "min_role_id"))).getFirst()).isEqualTo(Map.of("tagname", "color", "description", "",
                "category", "general", "min_role_id", 10L));
        assertRefused(() -> tagTypes.addTagType(Caller.INTERNAL, NewTagType.named("color")),
                ErrorCode.ALREADY_EXISTS, "a tag type named color already exists");
        tagTypes.addTagType(Caller.INTERNAL, NewTagType.named("colour"));
        assertRefused(() -> tagTypes.updateTagType(Caller.INTERNAL, TagTypeRef.of("colour"),
                TagTypeUpdate.renaming("color")), ErrorCode.ALREADY_EXISTS, "a tag type named color already exists");
    }

    @Test
    void rspecAttributesMayBeRedescribedButNotRenamedOrDeleted() {
        String before = RegistrySnapshot.take(testing.plc().database());
        assertRefused(() -> tagTypes.updateTagType(Caller.INTERNAL, TagTypeRef.of("cpu_share"),
                TagTypeUpdate.renaming("cpu")), ErrorCode.INVALID_ARGUMENT, "cpu_share is an RSpec attribute");
        assertRefused(() -> tagTypes.deleteTagType(Caller.INTERNAL, TagTypeRef.of("cpu_share")),
                ErrorCode.INVALID_ARGUMENT, "cpu_share is an RSpec attribute and cannot be deleted");
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);

        tagTypes.updateTagType(Caller.INTERNAL, TagTypeRef.of("cpu_share"), new TagTypeUpdate(Optional.empty(),
                Optional.of("weight of CPU time"), Optional.empty(), Optional.empty()));
        assertThat(rows(operator.call("GetTagTypes", List.of("cpu_share"), List.of("description"))).getFirst())
                .isEqualTo(Map.of("description", "weight of CPU time"));
    }

    @Test
    void aTagTypeThatDefinesNodeGroupsStaysUntilTheyGo() {
        tagTypes.addTagType(Caller.INTERNAL, NewTagType.named("arch"));
        testing.plc().nodeGroups().addNodeGroup(Caller.INTERNAL, new NewNodeGroup("x86", TagTypeRef.of("arch"),
                "x86_64"));
        String before = RegistrySnapshot.take(testing.plc().database());

        assertRefused(() -> tagTypes.deleteTagType(Caller.INTERNAL, TagTypeRef.of("arch")), ErrorCode.IN_USE,
                "defines 1 node group(s); delete them first");
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
