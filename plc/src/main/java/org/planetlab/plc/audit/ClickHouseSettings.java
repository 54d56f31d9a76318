package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;

/**
 * Where the ClickHouse flow archive is: the server's HTTP interface, the database PLC keeps its
 * tables in (created if missing), and the account PLC signs in with.
 *
 * @param url the HTTP interface, e.g. {@code http://127.0.0.1:8123/}
 * @param database the database's name: letters, digits and underscores (it is written into statements)
 * @param user the account's name
 * @param password the account's password; empty for none
 */
public record ClickHouseSettings(URI url, String database, String user, String password) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public ClickHouseSettings {
        requireNonNull(url, "url is null");
        requireNonNull(database, "database is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw PlanetLabException.invalidArgument("audit.clickhouse-url must be the server's HTTP interface, e.g."
                    + " http://127.0.0.1:8123/; got '" + url + "'");
        }
        if (!IDENTIFIER.matcher(database).matches()) {
            throw PlanetLabException.invalidArgument("audit.clickhouse-database must be letters, digits and"
                    + " underscores, starting with a letter; got '" + database + "'");
        }
        if (user.isEmpty() || user.contains(":")) {
            throw PlanetLabException.invalidArgument("audit.clickhouse-user must be a non-empty name without ':'");
        }
    }

    /** Never shows the password (settings end up in logs). */
    @Override
    public String toString() {
        return "ClickHouseSettings[url=" + url + ", database=" + database + ", user=" + user + "]";
    }
}
