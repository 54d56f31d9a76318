package org.planetlab.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.site.SiteApi;

class TypesTest {
    @Test
    void stringsAreMeasuredInCodePointsAndRefuseControlCharacters() {
        StringType type = StringType.max(3);
        assertThat(type.check("😀😀😀", "f")).isEqualTo("😀😀😀");
        assertRefused(() -> type.check("abcd", "f"), "f: is 4 characters long; at most 3 are allowed");
        assertRefused(() -> type.check("a\u0000", "f"), "f: contains the control character U+0000 at position 1");
        assertRefused(() -> type.check("\uD800", "f"), "unpaired surrogate U+D800");
        assertRefused(() -> type.check(5L, "f"), "f: expected a string of at most 3 characters, got the integer 5");
        assertRefused(() -> SiteApi.LOGIN_BASE.check("Bad-Name", "site_fields.login_base"),
                "site_fields.login_base: \"Bad-Name\" is not valid: 1 to 20 lowercase letters and digits");
    }

    @Test
    void emailAddressesTakeWhatMailSystemsAccept() {
        for (String address : List.of("alice@cs.princeton.edu", "o'brien@example.org", "a.b+tag@x-y.example.org",
                "first_last%site@example.org", "x{1}~`|#!$&*=?^@example.org")) {
            assertThat(org.planetlab.api.person.PersonApi.EMAIL.check(address, "email")).isEqualTo(address);
        }
        for (String address : List.of("no-at-sign.example.org", "a b@example.org", "<a>@example.org", "a@localhost",
                "a@exa mple.org", "\"quoted\"@example.org", "a@b@example.org", "x".repeat(65) + "@example.org")) {
            assertRefused(() -> org.planetlab.api.person.PersonApi.EMAIL.check(address, "email"),
                    "is not valid: an e-mail address");
        }
    }

    @Test
    void structsNameUnknownReadOnlyAndMissingFields() {
        StructType site = SiteApi.SITE.writable().requiring("login_base", "name");
        assertRefused(() -> site.check(Map.of("login_base", "ok", "name", "n", "colour", "red"), "site_fields"),
                "site_fields.colour: unknown field; Site accepts login_base,");
        assertRefused(() -> SiteApi.SITE.check(Map.of("site_id", 3L), "site_fields"),
                "site_fields.site_id: is read-only");
        assertRefused(() -> site.check(Map.of(), "site_fields"), "site_fields: missing required fields login_base, name");
        assertRefused(() -> site.check(Map.of("login_base", "ok", "name", 7L), "site_fields"),
                "site_fields.name: expected a string");
    }

    @Test
    void numbersAndMixedTypes() {
        assertThat(IntType.ID.check(5L, "id")).isEqualTo(5L);
        assertRefused(() -> IntType.ID.check(0L, "id"), "id: 0 is out of range");
        assertRefused(() -> IntType.ID.check(1.0, "id"), "id: expected an integer >= 1, got the double 1.0");
        assertThat(new DoubleType(-90, 90).check(45L, "lat")).isEqualTo(45.0);
        assertRefused(() -> new DoubleType(-90, 90).check(91.0, "lat"), "lat: 91.0 is out of range");
        assertThat(SiteApi.SITE_REF.check("princeton", "site")).isEqualTo("princeton");
        assertThat(SiteApi.SITE_REF.check(3L, "site")).isEqualTo(3L);
        assertRefused(() -> SiteApi.SITE_REF.check(true, "site"), "site: expected an integer >= 1 or a string");
        assertRefused(() -> SiteApi.SITE_REF.check("NO!", "site"), "site: \"NO!\" is not valid");
    }

    @Test
    void filtersFollowPlcapi() {
        FilterType type = new FilterType(SiteApi.SITE, "site_id", "login_base");
        assertThat(type.check(null, "f")).isEqualTo(Filter.ALL);
        Filter byList = (Filter) type.check(List.of(1L, "princeton"), "f");
        assertThat(byList.ids()).containsExactly(1L);
        assertThat(byList.names()).containsExactly("princeton");
        Filter conditions = (Filter) type.check(Map.of("~name", "*Uni*", ">max_slices", 3L, "|person_ids",
                List.of(1L, 2L), "-SORT", List.of("-name", "login_base"), "-LIMIT", 5L, "-OR", true), "f");
        assertThat(conditions.matchAny()).isTrue();
        assertThat(conditions.limit()).isEqualTo(5);
        assertThat(conditions.sort()).containsExactly(new Filter.SortKey("name", true),
                new Filter.SortKey("login_base", false));
        assertThat(conditions.conditions()).contains(
                new Filter.Condition("name", Filter.Comparison.EQUAL, true, List.of("*Uni*")),
                new Filter.Condition("max_slices", Filter.Comparison.GREATER, false, List.of(3L)),
                new Filter.Condition("person_ids", Filter.Comparison.CONTAINS_ANY, false, List.of(1L, 2L)));
        assertThat(((Filter) type.check(Map.of("url", Arrays.asList("a", null)), "f")).conditions().getFirst().values())
                .containsExactly("a", null);
        assertRefused(() -> type.check(Map.of("colour", 1L), "f"), "f.colour: unknown filter field \"colour\"");
        assertRefused(() -> type.check(Map.of("-DROP", 1L), "f"), "unknown filter option");
        assertRefused(() -> type.check(Map.of("&name", "x"), "f"), "& and | apply only to array fields");
        assertRefused(() -> type.check(Map.of("max_slices", "many"), "f"), "expected an integer");
        assertRefused(() -> type.check(Map.of("-SORT", "person_ids"), "f"), "cannot sort by \"person_ids\"");
        assertRefused(() -> type.check(3.5, "f"), "f: expected nil, an site_id");
    }

    private static void assertRefused(Runnable check, String message) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
