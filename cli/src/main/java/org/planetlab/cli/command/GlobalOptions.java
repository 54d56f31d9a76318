package org.planetlab.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every {@code pl} command accepts, before or after its name. One instance backs
 * them on every command of a run, so {@code pl --json site list} and {@code pl site list --json}
 * mean the same. There is deliberately no option for a password: it would show in {@code ps}.
 */
public final class GlobalOptions {
    @Option(names = "--url", paramLabel = "URL", description = "PLC address, e.g. https://plc.example.org (env PL_URL).")
    String url;

    @Option(names = "--user", paramLabel = "EMAIL", description = "Log in as this person (env PL_USER).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the password; - reads standard input"
                    + " (env PL_PASSWORD holds the password itself).")
    Path passwordFile;

    @Option(names = "--session", paramLabel = "KEY",
            description = "Authenticate with this session key (env PL_SESSION); `pl session login` stores one instead.")
    String session;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "For https: trust only this CA certificate (PLC's tls-ca.pem) (env PL_CA_FILE).")
    Path caFile;

    @Option(names = "--encoding", paramLabel = "json|xmlrpc",
            description = "Wire encoding: json (default; exact error codes) or xmlrpc (PLCAPI).")
    String encoding;

    @Option(names = "--json", description = "Print the API result as JSON, exactly as the server returned it.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Print no messages on standard error, only errors.")
    boolean quiet;

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public Path passwordFile() {
        return passwordFile;
    }

    public String session() {
        return session;
    }

    public Path caFile() {
        return caFile;
    }

    public String encoding() {
        return encoding;
    }

    public boolean json() {
        return json;
    }

    public boolean quiet() {
        return quiet;
    }
}
