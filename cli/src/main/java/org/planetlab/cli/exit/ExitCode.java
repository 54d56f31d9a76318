package org.planetlab.cli.exit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;

/**
 * The exit codes of {@code pl}, a contract for scripts: 0 or a positive code naming the kind of
 * failure, derived from the category of the server's error. They are listed in {@code pl --help}
 * and in {@code docs/cli.md}; change them only together with both.
 */
public enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "failure inside pl (for example a local file could not be written)"),
    USAGE(2, "usage error: unknown or missing option, bad value, missing server URL"),
    AUTHENTICATION(3, "authentication failed, or no credentials for a method that needs them"),
    PERMISSION(4, "permission denied"),
    NOT_FOUND(5, "not found"),
    CONFLICT(6, "conflict: already exists, in use, or a quota or size limit reached"),
    INVALID(7, "the server refused an argument as invalid"),
    UNAVAILABLE(8, "PLC unreachable or unavailable"),
    SERVER_ERROR(9, "internal error in PLC");

    private final int number;
    private final String meaning;

    ExitCode(int number, String meaning) {
        this.number = number;
        this.meaning = meaning;
    }

    public int number() {
        return number;
    }

    public String meaning() {
        return meaning;
    }

    /** The exit code for a failure the server (or the way to it) reported. */
    public static ExitCode of(ErrorCode code) {
        if (code == ErrorCode.UNAVAILABLE) {
            return UNAVAILABLE;
        }
        return switch (code.category()) {
            case USER_ERROR -> INVALID;
            case AUTHENTICATION -> AUTHENTICATION;
            case PERMISSION -> PERMISSION;
            case NOT_FOUND -> NOT_FOUND;
            case CONFLICT, LIMIT -> CONFLICT;
            case INTERNAL -> SERVER_ERROR;
        };
    }

    /** The list picocli prints under "Exit codes" in every help text. */
    public static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exit : values()) {
            list.put(String.valueOf(exit.number), exit.meaning);
        }
        return list;
    }
}
