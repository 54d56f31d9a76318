package org.planetlab.node.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.release.ReleaseFile;
import org.planetlab.trust.release.ReleaseFileCheck;
import org.planetlab.trust.release.ReleaseMetadata;
import org.planetlab.trust.release.ReleaseVerifier;
import org.planetlab.trust.release.VerifiedRelease;

/**
 * Brings the node's staging directory to PLC's current release: fetches the metadata, verifies it
 * against what the node accepted before ({@link ReleaseVerifier}), downloads every file into an
 * incoming directory checking each one's length and digest as it streams
 * ({@link ReleaseFileCheck}), and only then renames the download into place and remembers the
 * release. Any refusal leaves the staging directory as it was. Installing a staged release is
 * another step's business.
 */
public final class ReleaseUpdater {
    private final ReleaseSource source;
    private final ReleaseVerifier verifier;
    private final ReleaseStaging staging;

    public ReleaseUpdater(ReleaseSource source, ReleaseVerifier verifier, ReleaseStaging staging) {
        this.source = requireNonNull(source, "source is null");
        this.verifier = requireNonNull(verifier, "verifier is null");
        this.staging = requireNonNull(staging, "staging is null");
    }

    /**
     * Stages the current release if it is newer than the staged one.
     *
     * @return the newly staged release, or empty when the node already has it
     * @throws PlanetLabException {@code VERIFICATION_FAILED} naming what was refused
     */
    public synchronized Optional<StagedRelease> update() {
        ReleaseMetadata metadata = source.currentMetadata();
        VerifiedRelease verified = verifier.verify(metadata, staging.trusted());
        long number = verified.release().number();
        if (number == staging.trusted().releaseNumber() && Files.isDirectory(staging.releaseDirectory(number))) {
            staging.saveTrusted(verified.state());
            return Optional.empty();
        }
        Path incoming = null;
        try {
            incoming = staging.incoming(number);
            for (ReleaseFile file : verified.release().files()) {
                download(number, file, incoming.resolve(file.name()));
            }
            ReleaseStaging.writeSynced(incoming.resolve(".delegation.xml"), metadata.delegationXml());
            ReleaseStaging.writeSynced(incoming.resolve(".release.xml"), metadata.releaseXml());
            ReleaseStaging.writeSynced(incoming.resolve(".timestamp.xml"), metadata.timestampXml());
            staging.commit(incoming, number);
            incoming = null;
        } catch (IOException e) {
            throw ReleaseStaging.failure("cannot stage release " + number + " in " + staging.directory(), e);
        } finally {
            discard(incoming);
        }
        staging.saveTrusted(verified.state());
        return Optional.of(new StagedRelease(verified.release(), staging.releaseDirectory(number)));
    }

    private void download(long number, ReleaseFile file, Path target) throws IOException {
        try (InputStream in = source.open(number, file.name());
                OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ReleaseFileCheck.copy(in, file, out);
        }
        ReleaseStaging.sync(target);
    }

    private static void discard(Path incoming) {
        if (incoming == null) {
            return;
        }
        try {
            ReleaseStaging.delete(incoming);
        } catch (IOException e) {
            // The next prepare() removes what is left; the refusal that brought us here matters more.
        }
    }
}
