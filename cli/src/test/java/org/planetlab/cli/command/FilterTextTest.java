package org.planetlab.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.event.EventApi;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.site.SiteApi;
import picocli.CommandLine.TypeConversionException;

class FilterTextTest {
    private static final FilterType SITES = new FilterType(SiteApi.SITE, "site_id", "login_base");
    private static final FilterType EVENTS = new FilterType(EventApi.EVENT, "event_id", null);

    @Test
    void nothingAskedIsNil() {
        assertThat(FilterText.build(SITES, List.of(), List.of(), List.of(), null, null)).isNull();
    }

    @Test
    void idsAndNamesAloneAreAList() {
        assertThat(FilterText.build(SITES, List.of(1L, "princeton"), List.of(), List.of(), null, null))
                .isEqualTo(List.of(1L, "princeton"));
        assertThat(FilterText.reference("7", SITES)).isEqualTo(7L);
        assertThat(FilterText.reference("mit", SITES)).isEqualTo("mit");
    }

    @Test
    void conditionsKeepPlcapiPrefixesAndAreTypedByField() {
        Object filter = FilterText.build(SITES, List.of(), List.of("~name=*x*", ">max_slices=3", "enabled=false",
                "login_base=mit", "login_base=cmu"), List.of("-name", "site_id"), 10L, 5L);

        assertThat(filter).isEqualTo(Map.of("~name", "*x*", ">max_slices", 3L, "enabled", false,
                "login_base", List.of("mit", "cmu"), "-SORT", List.of("-name", "site_id"), "-LIMIT", 10L, "-OFFSET", 5L));
    }

    @Test
    void timestampConditionsTakeDates() {
        assertThat(FilterText.build(EVENTS, List.of(), List.of(">time=2025-07-01"), List.of(), null, null))
                .isEqualTo(Map.of(">time", 1_751_328_000L));
    }

    @Test
    void referencesWithConditionsBecomeAConditionOnTheIdOrName() {
        assertThat(FilterText.build(SITES, List.of("mit", "cmu"), List.of("enabled=true"), List.of(), null, null))
                .isEqualTo(Map.of("enabled", true, "login_base", List.of("mit", "cmu")));
        assertThatThrownBy(() -> FilterText.build(SITES, List.of(1L, "mit"), List.of("enabled=true"), List.of(), null, null))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("not both");
    }

    @Test
    void unknownFieldsGoToTheServerWhichNamesTheRealOnes() {
        assertThat(FilterText.build(SITES, List.of(), List.of("colour=blue"), List.of(), null, null))
                .isEqualTo(Map.of("colour", "blue"));
    }

    @Test
    void aConditionWithoutEqualsIsAUsageError() {
        assertThatThrownBy(() -> FilterText.build(SITES, List.of(), List.of("princeton"), List.of(), null, null))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("expected FIELD=VALUE");
    }
}
