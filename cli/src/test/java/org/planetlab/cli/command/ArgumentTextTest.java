package org.planetlab.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.DoubleType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.site.SiteApi;
import org.planetlab.api.slice.SliceApi;
import picocli.CommandLine.TypeConversionException;

class ArgumentTextTest {
    @Test
    void referencesAreIdsWhenNumericElseNames() {
        assertThat(ArgumentText.convert("42", SiteApi.SITE_REF, "SITE")).isEqualTo(42L);
        assertThat(ArgumentText.convert("princeton", SiteApi.SITE_REF, "SITE")).isEqualTo("princeton");
        assertThat(ArgumentText.convert("plc.princeton.codeen", SliceApi.SLICE_REF, "SLICE")).isEqualTo("plc.princeton.codeen");
    }

    @Test
    void scalarsAreConvertedByTheirType() {
        assertThat(ArgumentText.convert("10", IntType.NON_NEGATIVE, "")).isEqualTo(10L);
        assertThat(ArgumentText.convert("-74.5", new NullableType(new DoubleType(-180, 180)), "")).isEqualTo(-74.5);
        assertThat(ArgumentText.convert("no", BoolType.INSTANCE, "")).isEqualTo(false);
        assertThat(ArgumentText.convert("yes", BoolType.INSTANCE, "")).isEqualTo(true);
        assertThat(ArgumentText.convert("128.112.0.0/16", SiteApi.SITE.field("subnets").type(), "")).isEqualTo("128.112.0.0/16");
    }

    @Test
    void rangesAndPatternsAreLeftToTheServer() {
        // The server's message, naming its rule, is the one people should see.
        assertThat(ArgumentText.convert("-3", IntType.NON_NEGATIVE, "")).isEqualTo(-3L);
        assertThat(ArgumentText.convert("NOT A HOST", NodeApi.HOSTNAME, "")).isEqualTo("NOT A HOST");
    }

    @Test
    void timestampsTakeSecondsDatesAndInstants() {
        assertThat(ArgumentText.convert("1750000000", IntType.TIMESTAMP, "")).isEqualTo(1_750_000_000L);
        assertThat(ArgumentText.convert("2025-07-01", IntType.TIMESTAMP, "")).isEqualTo(1_751_328_000L);
        assertThat(ArgumentText.convert("2025-07-01T12:00:00Z", IntType.TIMESTAMP, "")).isEqualTo(1_751_371_200L);
        assertThat(ArgumentText.convert("2025-07-01T14:00:00+02:00", IntType.TIMESTAMP, "")).isEqualTo(1_751_371_200L);
        assertThat(ArgumentText.convert("2025-07-01T12:00", IntType.TIMESTAMP, "")).isEqualTo(1_751_371_200L);
    }

    @Test
    void structsAreJson() {
        Object attribute = ArgumentText.convert("{\"name\": \"bootscript\", \"value\": \"echo hi\"}",
                SliceApi.METHODS.stream().filter(method -> method.name().equals("SetSliceAttr")).findFirst().orElseThrow()
                        .params().get(1).type(), "");
        assertThat(attribute).isEqualTo(Map.of("name", "bootscript", "value", "echo hi"));
        assertThat(ArgumentText.jsonOrString("[1, \"a\"]")).isEqualTo(List.of(1L, "a"));
        assertThat(ArgumentText.jsonOrString("princeton")).isEqualTo("princeton");
    }

    @Test
    void wrongFormsAreUsageErrorsNamingWhatWasExpected() {
        assertThatThrownBy(() -> ArgumentText.convert("ten", IntType.NON_NEGATIVE, "--max-slices"))
                .isInstanceOf(TypeConversionException.class).hasMessage("--max-slices: expected an integer, got 'ten'");
        assertThatThrownBy(() -> ArgumentText.convert("maybe", BoolType.INSTANCE, ""))
                .isInstanceOf(TypeConversionException.class).hasMessage("expected true or false, got 'maybe'");
        assertThatThrownBy(() -> ArgumentText.convert("next tuesday", IntType.TIMESTAMP, "--until"))
                .isInstanceOf(TypeConversionException.class).hasMessageStartingWith("--until: expected a date such as 2025-07-01");
        assertThatThrownBy(() -> ArgumentText.convert("{broken", SiteApi.SITE, "ARG"))
                .isInstanceOf(TypeConversionException.class).hasMessageStartingWith("ARG: invalid JSON");
    }
}
