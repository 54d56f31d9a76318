package org.planetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.testing.PlRunner;
import picocli.CommandLine;

/**
 * Every method of the catalog has a {@code pl} command, and every command has working help: the
 * tree is derived from the catalog, so a method added there without a command fails here.
 */
class CoverageTest {
    private final PlRunner pl = new PlRunner(Map.of(), Clock.systemUTC());

    private static List<CommandLine> all(CommandLine root) {
        List<CommandLine> commands = new ArrayList<>();
        commands.add(root);
        root.getSubcommands().values().forEach(sub -> commands.addAll(all(sub)));
        return commands;
    }

    private static List<CommandLine> tree() {
        return all(Pl.commandLine(new org.planetlab.cli.command.Terminal(Map.of(), java.io.InputStream.nullInputStream(),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()),
                Clock.systemUTC())));
    }

    @Test
    void everyCatalogMethodHasACommand() {
        Set<String> covered = new TreeSet<>();
        for (CommandLine command : tree()) {
            if (command.getCommandSpec().userObject() instanceof CallsMethods calls) {
                covered.addAll(calls.methods());
            }
        }
        Set<String> catalog = new TreeSet<>(MethodCatalog.all().stream().map(MethodSpec::name).toList());

        assertThat(covered).containsExactlyElementsOf(catalog);
    }

    @Test
    void everyCommandHasHelpWithTheExitCodes() {
        PlRunner.Reusing pl = this.pl.reusing();
        for (CommandLine command : tree()) {
            String name = command.getCommandSpec().qualifiedName();
            List<String> args = new ArrayList<>(List.of(name.split(" ")).subList(1, name.split(" ").length));
            args.add("--help");
            PlRunner.Result help = pl.run(args.toArray(String[]::new));
            assertThat(help.exit()).as(name + "\n" + help).isZero();
            assertThat(help.out()).as(name).startsWith("Usage: " + name);
            if (!name.startsWith("pl cert") && !name.startsWith("pl geni")) {
                assertThat(help.out()).as(name).contains("Exit codes:", "  5   not found", "Global options:", "--json");
            }
            if (command.getCommandSpec().userObject() instanceof CallsMethods && command.getSubcommands().isEmpty()
                   ) {
                assertThat(help.out()).as(name).contains("API method: ");
            }
        }
    }

    @Test
    void theResourceCommandsPeopleUseExist() {
        Set<String> names = new TreeSet<>(tree().stream().map(command -> command.getCommandSpec().qualifiedName()).toList());

        assertThat(names).contains("pl site add", "pl site list", "pl site show", "pl site update", "pl site delete",
                "pl person register", "pl person approve", "pl person add-role", "pl person remove-site",
                "pl key blacklist", "pl node add", "pl node config-file", "pl node reset-key", "pl interface update",
                "pl node-tag add", "pl node-group list", "pl pcu add-node", "pl conf-file add-group", "pl tag-type add",
                "pl slice create", "pl slice renew", "pl slice add-users", "pl slice remove-users", "pl slice add-nodes",
                "pl slice remove-nodes", "pl slice start", "pl slice stop", "pl slice set-attr", "pl slice attrs",
                "pl slice-tag update", "pl slivers", "pl events", "pl session login", "pl session logout",
                "pl session check", "pl slice ticket", "pl boot details", "pl boot report", "pl boot certificate", "pl roles", "pl boot-states", "pl call", "pl methods", "pl batch", "pl cert",
                "pl node status", "pl node history", "pl site uptime", "pl site stop-slices", "pl emergency stop-all",
                "pl emergency resume", "pl slice stops");
    }

    @Test
    void optionsComeFromTheMethodsStructFields() {
        String help = pl.run("site", "update", "--help").out();

        assertThat(help).contains("Usage: pl site update [OPTIONS] SITE", "--max-slices=MAX_SLICES", "--login-base",
                "--site-url=URL", "--enabled[=true|false]", "--clear=FIELD", "API method: UpdateSite(auth,"
                        + " site_id_or_login_base, site_fields) -> int", "Allowed: admin, pi");
        assertThat(pl.run("person", "register", "--help").out()).contains("--new-password-file=FILE")
                .doesNotContain("--password=");
        assertThat(pl.run("site", "add", "--help").out()).contains("Required");
    }
}
