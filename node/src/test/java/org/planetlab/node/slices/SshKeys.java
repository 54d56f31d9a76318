package org.planetlab.node.slices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.planetlab.node.host.HostCommand;

/** Key pairs made with ssh-keygen, so the ssh client uses them as they are: the slice user's, a stranger's, an operator's. */
record SshKeys(Path user, Path stranger, Path operator) {
    static SshKeys create(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path user = directory.resolve("user_ed25519");
        Path stranger = directory.resolve("stranger_ed25519");
        Path operator = directory.resolve("operator_ed25519");
        for (Path key : List.of(user, stranger, operator)) {
            if (!Files.exists(key)) {
                HostCommand.onHost().run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", key.getFileName().toString(),
                        "-f", key.toString()));
            }
        }
        return new SshKeys(user, stranger, operator);
    }

    String userPublic() {
        return read(user.resolveSibling(user.getFileName() + ".pub"));
    }

    String operatorPublic() {
        return read(operator.resolveSibling(operator.getFileName() + ".pub"));
    }

    String strangerPublic() {
        return read(stranger.resolveSibling(stranger.getFileName() + ".pub"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
