package org.planetlab.cli.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.cli.config.PasswordSource;
import picocli.CommandLine.TypeConversionException;

/** Values read from files named on the command line: whole texts (keys, scripts) and passwords. */
final class FileText {
    private FileText() {}

    /** The whole file, without its final line break. */
    static String read(String file, String what) {
        try {
            String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw new TypeConversionException("cannot read " + what + " from " + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }

    /** The first line of a password file ({@code -}: standard input). */
    static String password(PasswordSource passwords, String file, String what) {
        try {
            return passwords.read(Path.of(file), what);
        } catch (PlanetLabException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
