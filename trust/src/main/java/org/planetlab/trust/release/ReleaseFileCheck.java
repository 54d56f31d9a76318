package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Copies one downloaded file while checking it against its release metadata: it never reads more
 * than one byte past the declared length (an endless download is cut off, TUF's endless data
 * attack), and the digest must match (a tampered file, or a file of another release, is refused).
 * The caller keeps the copy only if this returns.
 */
public final class ReleaseFileCheck {
    private static final int BUFFER = 64 * 1024;

    private ReleaseFileCheck() {
    }

    public static void copy(InputStream in, ReleaseFile file, OutputStream out) throws IOException {
        requireNonNull(in, "in is null");
        requireNonNull(file, "file is null");
        requireNonNull(out, "out is null");
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BUFFER];
        long copied = 0;
        while (true) {
            long allowed = file.length() + 1 - copied;
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, allowed));
            if (read < 0) {
                break;
            }
            copied += read;
            if (copied > file.length()) {
                throw refused("release file " + file.name() + " is longer than the " + file.length()
                        + " bytes its metadata declares; the download was stopped there");
            }
            digest.update(buffer, 0, read);
            out.write(buffer, 0, read);
        }
        if (copied < file.length()) {
            throw refused("release file " + file.name() + " ended after " + copied + " of its " + file.length() + " bytes");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(file.sha256())) {
            throw refused("release file " + file.name() + " does not match its metadata (SHA-256 " + actual + ", expected "
                    + file.sha256() + "): changed in transit or from another release");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static PlanetLabException refused(String message) {
        return new PlanetLabException(ErrorCode.VERIFICATION_FAILED, message);
    }
}
