package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntFunction;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.config.NodeAgentConfig;

/**
 * Names the slice behind a Unix socket peer from the kernel's SO_PEERCRED uid. Each sliver owns
 * the host uid range {@code [uid-base + index x 65536, + 65536)} through its user namespace, so
 * any process of the sliver, root or not, maps to exactly one VM; host root is the node's
 * administrator; anyone else is refused.
 */
public final class PeerIdentity {
    private final long uidBase;
    private final IntFunction<Optional<String>> sliceByIndex;

    public PeerIdentity(long uidBase, IntFunction<Optional<String>> sliceByIndex) {
        this.uidBase = uidBase;
        this.sliceByIndex = requireNonNull(sliceByIndex, "sliceByIndex is null");
    }

    public Caller identify(SocketChannel channel) {
        UnixDomainPrincipal principal;
        try {
            principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException e) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "the kernel did not say who is calling");
        }
        return identifyUid(uidOf(principal.user().getName()));
    }

    public Caller identifyUid(long uid) {
        if (uid == 0) {
            return Caller.HOST_ROOT;
        }
        if (uid >= uidBase) {
            long index = (uid - uidBase) / NodeAgentConfig.UIDS_PER_SLIVER;
            if (index < Integer.MAX_VALUE) {
                Optional<String> slice = sliceByIndex.apply((int) index);
                if (slice.isPresent()) {
                    return Caller.slice(slice.get());
                }
            }
        }
        throw new PlanetLabException(ErrorCode.LOCAL_ONLY, "uid " + uid
                + " is neither root on the node nor a sliver's; the node manager answers only those");
    }

    /**
     * The JDK names a peer by its passwd name when it has one, else by its number, which it keeps
     * in a signed int: uids from 2^31 up come out negative.
     */
    static long uidOf(String name) {
        if (name.matches("-?[0-9]{1,10}")) {
            long number = Long.parseLong(name);
            return number < 0 ? Integer.toUnsignedLong((int) number) : number;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(":");
                if (fields.length > 2 && fields[0].equals(name)) {
                    return Long.parseLong(fields[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "cannot resolve the calling user " + name);
        }
        throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "unknown calling user " + name);
    }
}
