package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;

/**
 * One file of a release as its signed metadata describes it (TUF's target): the exact length and
 * SHA-256 digest a node must find before it keeps the file.
 *
 * @param name a plain file name (no directories, so a release can only write inside its own
 *     staging directory), e.g. {@code planetlab-node.jar}
 * @param length the number of bytes; a download is cut off beyond it
 * @param sha256 64 lowercase hex digits
 */
public record ReleaseFile(String name, long length, String sha256) {
    /** The largest file a release may carry (a reference image): 8 GiB. */
    public static final long MAX_LENGTH = 8L << 30;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    public ReleaseFile {
        requireNonNull(name, "name is null");
        requireNonNull(sha256, "sha256 is null");
        requireName(name);
        if (length < 0 || length > MAX_LENGTH) {
            throw PlanetLabException.invalidArgument("release file " + name + ": length " + length + " is outside 0.." + MAX_LENGTH);
        }
        if (!DIGEST.matcher(sha256).matches()) {
            throw PlanetLabException.invalidArgument("release file " + name + ": sha256 must be 64 lowercase hex digits");
        }
    }

    /** Refuses a name that is not a plain file name (a path, "..", a hidden file, odd characters). */
    public static String requireName(String name) {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw PlanetLabException.invalidArgument("release file name \"" + shorten(name)
                    + "\" is not a plain file name: use 1-128 letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
        }
        return name;
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
