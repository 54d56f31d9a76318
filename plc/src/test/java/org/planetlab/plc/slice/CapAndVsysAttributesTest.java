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
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** cpu_cap and vsys at the slice authority: bad values refused by name, changing nothing; set by operators and PIs only. */
class CapAndVsysAttributesTest {
    private static final SliceRef SLICE = SliceRef.of("caps_web");
    private static final TagTypeRef CAP = TagTypeRef.of("cpu_cap");
    private static final TagTypeRef VSYS = TagTypeRef.of("vsys");

    private TestingPlc testing;
    private SliceTagService sliceTags;
    private Caller user;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        sliceTags = testing.plc().sliceTags();
        long siteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("caps", "Caps", "Caps"));
        long personId = testing.plc().persons().addPerson(Caller.INTERNAL, new NewPerson(
                Profile.of("user@caps.org", "Cap", "User"), Optional.of("password-of-user"), Optional.of(true)));
        testing.plc().personMemberships().addToSite(Caller.INTERNAL, PersonRef.of(personId), SiteRef.of(siteId));
        testing.plc().slices().addSlice(Caller.INTERNAL, NewSlice.described("caps_web", "caps", "https://caps.org/"));
        testing.plc().sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(personId), SLICE);
        user = Caller.person(personId, Set.of(Role.USER), List.of(siteId), "password", Optional.empty());
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void badValuesAreRefusedByName() {
        String before = RegistrySnapshot.take(testing.plc().database());
        assertRefused(CAP, "half", "cpu_cap value \"half\" is not valid: must be a whole number of percent of one CPU");
        assertRefused(CAP, "-5", "cpu_cap value \"-5\" is not valid");
        assertRefused(CAP, "50%", "cpu_cap value \"50%\" is not valid");
        assertRefused(CAP, "200000", "cpu_cap value \"200000\" is not valid: must be at most 102400");
        assertRefused(VSYS, "../../bin/sh", "vsys value \"../../bin/sh\" is not valid: entry \"../../bin/sh\" must be a name");
        assertRefused(VSYS, "pcap;reboot", "entry \"pcap;reboot\" must be a name");
        assertRefused(VSYS, "pcap usage", "entry \"pcap usage\" must be a name");
        assertRefused(VSYS, "$(id)", "entry \"$(id)\" must be a name");
        assertRefused(VSYS, "pcap,,usage", "entry \"\" must be a name");
        assertRefused(VSYS, "pc\u0000ap", "must be a name");
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
    }

    @Test
    void goodValuesAreKeptInCanonicalForm() {
        sliceTags.addSliceTag(Caller.INTERNAL, NewSliceTag.of(SLICE, CAP, " 025 "));
        sliceTags.addSliceTag(Caller.INTERNAL, NewSliceTag.of(SLICE, VSYS, "usage, pcap,usage"));
        String stored = RegistrySnapshot.take(testing.plc().database());
        assertThat(stored).contains("pcap,usage").doesNotContain("usage, pcap");
    }

    @Test
    void aUserCannotGrantItselfACapOrAScript() {
        String before = RegistrySnapshot.take(testing.plc().database());
        assertThatThrownBy(() -> sliceTags.addSliceTag(user, NewSliceTag.of(SLICE, VSYS, "pcap")))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThatThrownBy(() -> sliceTags.addSliceTag(user, NewSliceTag.of(SLICE, CAP, "0")))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
    }

    private void assertRefused(TagTypeRef type, String value, String text) {
        assertThatThrownBy(() -> sliceTags.addSliceTag(Caller.INTERNAL, NewSliceTag.of(SLICE, type, value)))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains(text);
                });
    }
}
