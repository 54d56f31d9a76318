package org.planetlab.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.planetlab.api.site.SiteApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.wire.JsonCodec;

class PrintersTest {
    private static final ArrayType SITES = ArrayType.of(SiteApi.SITE);

    private static String print(Printer printer, Object result, Presentation presentation) {
        StringWriter text = new StringWriter();
        printer.print(result, presentation, new PrintWriter(text, true));
        return text.toString();
    }

    private static Map<String, Object> site(long id, String loginBase, String name, List<Long> nodes) {
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("site_id", id);
        site.put("login_base", loginBase);
        site.put("name", name);
        site.put("url", null);
        site.put("node_ids", nodes);
        site.put("date_created", 1_750_000_000L);
        return site;
    }

    @Test
    void tableColumnsAreAsWideAsTheirWidestCellAndNumbersAlignRight() {
        List<Map<String, Object>> sites = List.of(site(1, "princeton", "Princeton University", List.of(1L, 2L)),
                site(12, "mit", "MIT", List.of()));

        String table = print(new HumanPrinter(), sites, new Presentation(SITES, List.of("site_id", "login_base", "name", "url", "node_ids")));

        assertThat(table.lines().toList()).containsExactly(
                "SITE_ID  LOGIN_BASE  NAME                  URL  NODE_IDS",
                "      1  princeton   Princeton University  -    1,2",
                "     12  mit         MIT                   -    -");
    }

    @Test
    void tablesShowDatesForTimestampsAndCutLongLists() {
        List<Long> many = LongStream.rangeClosed(1, 12).boxed().toList();
        String table = print(new HumanPrinter(), List.of(site(1, "princeton", "P", many)),
                new Presentation(SITES, List.of("date_created", "node_ids")));

        assertThat(table).contains("2025-06-15 15:06:40Z").contains("1,2,3,4,5,6,7,8,...(+4)");
    }

    @Test
    void tablesWithoutPreferredColumnsShowEveryField() {
        String table = print(new HumanPrinter(), List.of(Map.of("role_id", 10L)), Presentation.of(ArrayType.of(IntType.ID)));

        assertThat(table.lines().toList()).containsExactly("ROLE_ID", "     10");
    }

    @Test
    void oneStructIsARecordWithNestedListsAsTables() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("node_id", 7L);
        view.put("hostname", "planetlab1.cs.princeton.edu");
        view.put("timestamp", 1_750_000_000L);
        view.put("slivers", List.of(Map.of("name", "princeton_codeen", "keys", List.of()),
                Map.of("name", "princeton_coral", "keys", List.of())));

        String record = print(new HumanPrinter(), view, Presentation.of(new org.planetlab.api.schema.AnyType("a struct")));

        assertThat(record.lines().toList()).containsExactly(
                "node_id:   7",
                "hostname:  planetlab1.cs.princeton.edu",
                "timestamp: 2025-06-15 15:06:40Z",
                "slivers:",
                "  NAME",
                "  princeton_codeen",
                "  princeton_coral");
    }

    @Test
    void textIsPrintedAsItIsAndPlainListsOnePerLine() {
        assertThat(print(new HumanPrinter(), "NODE_ID=\"7\"\nKEY=\"x\"\n", Presentation.of(IntType.ANY)))
                .isEqualTo("NODE_ID=\"7\"\nKEY=\"x\"\n");
        assertThat(print(new HumanPrinter(), List.of("boot", "safeboot"), Presentation.of(IntType.ANY)))
                .isEqualTo("boot\nsafeboot\n");
        assertThat(print(new HumanPrinter(), null, Presentation.of(IntType.ANY))).isEmpty();
    }

    @Test
    void cellsNeverBreakTheTableLayout() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", "line one\nline two\ttabbed");
        row.put("description", "x".repeat(200));
        String table = print(new HumanPrinter(), List.of(row), Presentation.of(IntType.ANY));

        assertThat(table.lines()).hasSize(2);
        assertThat(table).contains("line one\\nline two tabbed").contains("x".repeat(57) + "...");
    }

    @Test
    void jsonIsExactlyTheResult() {
        List<Map<String, Object>> sites = List.of(site(1, "princeton", "Princeton \"Tigers\" ü", List.of(1L)));

        String json = print(new JsonPrinter(), sites, Presentation.of(SITES));

        Object parsed = new JsonCodec().read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(parsed).isEqualTo(sites);
        assertThat(print(new JsonPrinter(), 42L, Presentation.of(IntType.ID)).strip()).isEqualTo("42");
        assertThat(print(new JsonPrinter(), Arrays.asList(1L, null), Presentation.of(IntType.ID)).replaceAll("\\s", ""))
                .isEqualTo("[1,null]");
    }
}
