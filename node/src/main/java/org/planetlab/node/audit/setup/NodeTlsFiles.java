package org.planetlab.node.audit.setup;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.planetlab.node.boot.BootFiles;
import org.planetlab.trust.tls.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's TLS key and certificate chain as the boot manager last saved them (PLC certifies
 * the node after the agent starts and renews it while it runs): read again whenever the files
 * change, so the audit page's HTTPS listener presents the current certificate without a restart.
 */
final class NodeTlsFiles implements Supplier<Optional<TlsIdentity>> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeTlsFiles.class);

    private final BootFiles files;
    private List<FileTime> seen = List.of();
    private Optional<TlsIdentity> current = Optional.empty();

    NodeTlsFiles(BootFiles files) {
        this.files = requireNonNull(files, "files is null");
    }

    @Override
    public synchronized Optional<TlsIdentity> get() {
        List<FileTime> modified = List.of(modified(files.tlsKey()), modified(files.tlsChain()));
        if (!Objects.equals(modified, seen)) {
            seen = modified;
            try {
                current = files.readTls();
            } catch (RuntimeException e) {
                LOG.warn("the node's TLS files in {} are unreadable; the audit page's HTTPS waits for new ones: {}",
                        files.directory(), e.getMessage());
                current = Optional.empty();
            }
        }
        return current;
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
