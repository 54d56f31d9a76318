package org.planetlab.api.error;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The cause of an I/O failure in words a person reads, for messages of the form
 * {@code "<operation>: <cause>"}. The JDK's file exceptions carry only the file name as their
 * message ({@code AccessDeniedException: /x}), so their type is turned into the reason here.
 */
public final class IoCauses {
    private IoCauses() {}

    /** E.g. "permission denied on /var/lib/x", "connection refused", "no such file or directory on /etc/y". */
    public static String describe(IOException failure) {
        String reason = switch (failure) {
            case AccessDeniedException denied -> "permission denied";
            case NoSuchFileException missing -> "no such file or directory";
            case FileAlreadyExistsException exists -> "already exists";
            case NotDirectoryException notDirectory -> "not a directory";
            case DirectoryNotEmptyException notEmpty -> "directory not empty";
            case FileSystemException other when other.getReason() != null -> other.getReason().toLowerCase(Locale.ROOT);
            case FileSystemException other -> "file system error";
            default -> failure.getMessage() == null ? "an I/O error (" + failure.getClass().getSimpleName() + ")" : failure.getMessage();
        };
        if (failure instanceof FileSystemException file && file.getFile() != null) {
            return reason + " on " + file.getFile() + (file.getOtherFile() == null ? "" : " and " + file.getOtherFile());
        }
        return reason;
    }
}
