package org.planetlab.cli.config;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;

/**
 * Reads passwords from files (their first line) or, for {@code -}, from standard input, and warns
 * when a password file can be read by other users.
 */
public final class PasswordSource {
    private final InputStream stdin;
    private final PrintWriter warnings;

    public PasswordSource(InputStream stdin, PrintWriter warnings) {
        this.stdin = requireNonNull(stdin, "stdin is null");
        this.warnings = requireNonNull(warnings, "warnings is null");
    }

    /** The first line of {@code file} ({@code -} for standard input); {@code what} names it in errors. */
    public String read(Path file, String what) {
        String line;
        try {
            if (file.toString().equals("-")) {
                line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            } else {
                warnIfShared(file);
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    line = reader.readLine();
                }
            }
        } catch (IOException e) {
            throw PlanetLabException.invalidArgument("cannot read the %s %s: %s".formatted(what, file, describe(e)));
        }
        if (line == null || line.isEmpty()) {
            throw PlanetLabException.invalidArgument("the %s %s is empty; its first line must be the password"
                    .formatted(what, file));
        }
        return line;
    }

    private void warnIfShared(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                warnings.println("pl: warning: " + file + " can be read by other users; chmod 600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
