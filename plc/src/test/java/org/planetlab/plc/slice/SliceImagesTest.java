package org.planetlab.plc.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** A slice's vref names an image the nodes offer, or is refused at PLC, changing nothing. */
class SliceImagesTest {
    private static final SliceRef SLICE = SliceRef.of("images_exp");
    private static final TagTypeRef VREF = TagTypeRef.of("vref");

    @Test
    void aVrefNamingNoKnownImageIsRefusedWithTheKnownOnes() {
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, Clock.systemUTC(),
                Map.of("images.vrefs", "default, debian, debian-python"))) {
            SliceTagService sliceTags = testing.plc().sliceTags();
            Caller user = member(testing);
            long tag = sliceTags.addSliceTag(user, NewSliceTag.of(SLICE, VREF, "debian-python"));
            String before = RegistrySnapshot.take(testing.plc().database());

            for (String unknown : List.of("debain", "busybox", "fedora-8")) {
                assertThatThrownBy(() -> sliceTags.updateSliceTag(user, tag, unknown)).as(unknown)
                        .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                            assertThat(e.getMessage()).contains("slice images_exp: vref \"" + unknown
                                    + "\" names no image the nodes offer; known images are debian, debian-python, default");
                        });
            }
            assertThatThrownBy(() -> sliceTags.updateSliceTag(user, tag, "debian;reboot"))
                    .isInstanceOf(PlanetLabException.class).hasMessageContaining("must be 1 to 64 letters");
            assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
            sliceTags.updateSliceTag(user, tag, "default");
        }
    }

    @Test
    void packagesAreDebianNamesOnlyAndHostileListsChangeNothing() {
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, Clock.systemUTC(), Map.of())) {
            SliceTagService sliceTags = testing.plc().sliceTags();
            Caller user = member(testing);
            long tag = sliceTags.addSliceTag(user, NewSliceTag.of(SLICE, TagTypeRef.of("packages"), "python3 curl,python3"));
            String before = RegistrySnapshot.take(testing.plc().database());
            assertThat(before).contains("curl,python3");

            for (String hostile : List.of("curl; reboot", "curl $(id)", "-o APT::Get::AllowUnauthenticated=1", "curl=7.88.1",
                    "../../bin/sh", "x".repeat(101))) {
                assertThatThrownBy(() -> sliceTags.updateSliceTag(user, tag, hostile)).as(hostile)
                        .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                            assertThat(e.getMessage()).contains("packages value is not valid");
                        });
            }
            assertThatThrownBy(() -> sliceTags.updateSliceTag(user, tag, "curl,$(reboot)"))
                    .hasMessageContaining("entry \"$(reboot)\" is not a Debian package name");
            assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
        }
    }

    @Test
    void withoutConfigurationTheImagesThisProjectBuildsAreKnown() {
        assertThat(SliceImages.from(Map.of()).vrefs()).containsExactly("busybox", "debian", "default");
        assertThatThrownBy(() -> SliceImages.from(Map.of("images", "debian"))).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("images.images");
        assertThatThrownBy(() -> SliceImages.from(Map.of("vrefs", "debian, ../etc"))).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("\"../etc\" is not an image name");
    }

    private static Caller member(TestingPlc testing) {
        long siteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("images", "Images", "Images"));
        long personId = testing.plc().persons().addPerson(Caller.INTERNAL, new NewPerson(
                Profile.of("user@images.org", "Image", "User"), Optional.of("password-of-user"), Optional.of(true)));
        testing.plc().personMemberships().addToSite(Caller.INTERNAL, PersonRef.of(personId), SiteRef.of(siteId));
        testing.plc().slices().addSlice(Caller.INTERNAL, NewSlice.described("images_exp", "images", "https://images.org/"));
        testing.plc().sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(personId), SLICE);
        return Caller.person(personId, Set.of(Role.USER), List.of(siteId), "password", Optional.empty());
    }
}
