package org.planetlab.plc.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Site hosting agreements on both stores, over the wire: operators record and revoke them, a
 * site's PI and tech see their own site's only, the signer must be a person of the site, and a
 * PI's AddSlice is refused while the site has none, naming what is missing.
 */
class SiteAgreementsTest {
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void operatorsRecordAgreementsAndPisCreateSlicesOnlyUnderOne(StoreKind store) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Registry registry = new Registry(operator);
            long princeton = registry.site("princeton");
            long mit = registry.site("mit");
            assertThat(rows(operator.call("GetSiteAgreements"))).isEmpty();
            PlcClient tech = testing.client(registry.person("tech@princeton.edu", "tech", princeton),
                    PlcClient.Encoding.JSON);
            PlcClient otherPi = testing.client(registry.person("pi@mit.edu", "pi", mit), PlcClient.Encoding.JSON);
            // Registry gives a PI's site an agreement signed by the PI; princeton's PI starts with none.
            PlcClient pi = testing.client(registry.person("pi@princeton.edu", "pi", princeton), PlcClient.Encoding.JSON);
            operator.call("RevokeSiteAgreement", "princeton");
            long piId = registry.personId("pi@princeton.edu");
            long operatorId = registry.personId(TestingPlc.OPERATOR_EMAIL);

            refused(() -> pi.call("AddSlice", Map.of("name", "princeton_codeen")), ErrorCode.PERMISSION_DENIED,
                    "site princeton has no signed hosting agreement");
            refused(() -> pi.call("RecordSiteAgreement", "princeton", Map.of("signed_by", piId, "version", "2026-1")),
                    ErrorCode.PERMISSION_DENIED, "RecordSiteAgreement");
            refused(() -> operator.call("RecordSiteAgreement", "princeton",
                    Map.of("signed_by", "pi@mit.edu", "version", "2026-1")), ErrorCode.INVALID_ARGUMENT,
                    "pi@mit.edu is not a person of site princeton");
            refused(() -> operator.call("RecordSiteAgreement", "princeton",
                    Map.of("signed_by", "nobody@princeton.edu", "version", "2026-1")), ErrorCode.NOT_FOUND, "nobody");
            refused(() -> operator.call("RecordSiteAgreement", "princeton",
                    Map.of("signed_by", piId, "version", "2026 first")), ErrorCode.INVALID_ARGUMENT, "version");
            refused(() -> operator.call("RevokeSiteAgreement", "princeton"), ErrorCode.NOT_FOUND,
                    "princeton has no agreement");

            assertThat(operator.call("RecordSiteAgreement", "princeton",
                    Map.of("signed_by", "pi@princeton.edu", "version", "2026-1"))).isEqualTo(1L);
            Map<String, Object> recorded = rows(operator.call("GetSiteAgreements", List.of(princeton))).getFirst();
            assertThat(recorded).containsEntry("site_id", princeton).containsEntry("login_base", "princeton")
                    .containsEntry("signed_by", piId).containsEntry("version", "2026-1")
                    .containsEntry("recorded_by", operatorId).containsKey("signed_at");
            assertThat(rows(operator.call("GetEvents", Map.of("call_name", "RecordSiteAgreement"),
                    List.of("message", "fault_code")))).last()
                    .isEqualTo(Map.of("fault_code", 0L, "message",
                            "site %d (princeton) agreement 2026-1 signed by pi@princeton.edu".formatted(princeton)));
            pi.call("AddSlice", Map.of("name", "princeton_codeen"));

            // Members see their own site's agreement, operators every site's.
            assertThat(rows(tech.call("GetSiteAgreements"))).extracting(row -> row.get("login_base"))
                    .containsExactly("princeton");
            assertThat(rows(otherPi.call("GetSiteAgreements", List.of("princeton", "mit"))))
                    .extracting(row -> row.get("login_base")).containsExactly("mit");
            assertThat(rows(operator.call("GetSiteAgreements"))).extracting(row -> row.get("login_base"))
                    .containsExactly("princeton", "mit");

            // Revoking stops new slices, not the slices the site has.
            operator.call("RevokeSiteAgreement", princeton);
            refused(() -> pi.call("AddSlice", Map.of("name", "princeton_next")), ErrorCode.PERMISSION_DENIED,
                    "RecordSiteAgreement");
            assertThat(rows(pi.call("GetSlices", List.of("princeton_codeen"), List.of("name")))).hasSize(1);
            assertThat(rows(operator.call("GetSiteAgreements"))).extracting(row -> row.get("login_base"))
                    .containsExactly("mit");
        }
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, ErrorCode code, String fragment) {
        assertThatThrownBy(call).isInstanceOf(PlanetLabException.class).hasMessageContaining(fragment)
                .hasFieldOrPropertyWithValue("code", code);
    }
}
