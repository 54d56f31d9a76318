package org.planetlab.api.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.planetlab.api.method.Role;
import org.planetlab.api.method.MethodSpec;

/**
 * Renders the authorization table (which roles may call which method) as the Markdown of
 * {@code docs/authorization.md}. The table is derived from the method catalog, the one place
 * roles are declared; a test keeps the document in step.
 */
public final class AuthorizationTable {
    private static final List<Role> COLUMNS = List.of(Role.ADMIN, Role.PI, Role.USER, Role.TECH, Role.NODE,
            Role.PEER, Role.ANONYMOUS);

    private AuthorizationTable() {}

    public static String markdown() {
        StringBuilder text = new StringBuilder();
        text.append("# Who may call what\n\n")
                .append("Generated from the method catalog (`org.planetlab.api.catalog.MethodCatalog`) by\n")
                .append("`org.planetlab.api.catalog.AuthorizationTable`; `AuthorizationTableTest` fails if this file\n")
                .append("and the catalog disagree, and calls every method as every role to check the server\n")
                .append("enforces exactly this table.\n\n")
                .append("Roles: **admin** is a PlanetLab operator; **pi** a site's principal investigator; **user** a\n")
                .append("researcher; **tech** a site's technical contact; **node** a node authenticated with its node\n")
                .append("key; **peer** a peering PLC authenticated by its signed request (docs/federation.md);\n")
                .append("**anonymous** anyone. A caller holding several roles may call a method if any of them\n")
                .append("may. `system.*` methods take no auth argument and are open to all.\n\n")
                .append("The table is the first check. Methods then apply object rules written in their help (for\n")
                .append("example a PI may change only their own site's nodes); those refusals are also\n")
                .append("`PERMISSION_DENIED` (fault 108) and name the rule.\n\n")
                .append("| method |");
        for (Role role : COLUMNS) {
            text.append(' ').append(role.wireName()).append(" |");
        }
        text.append("\n|---|");
        COLUMNS.forEach(role -> text.append(":-:|"));
        text.append('\n');
        for (MethodSpec spec : MethodCatalog.all()) {
            text.append("| ").append(spec.name()).append(" |");
            for (Role role : COLUMNS) {
                boolean allowed = !spec.takesAuth() || spec.allows(role);
                text.append(allowed ? " yes |" : " - |");
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Writes the table to the file given as the only argument. */
    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[0]), markdown(), StandardCharsets.UTF_8);
    }
}
