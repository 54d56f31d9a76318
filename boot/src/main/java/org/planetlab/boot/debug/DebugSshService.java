package org.planetlab.boot.debug;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only service of a node in safeboot (the seed's debug state, Architecture §4.8.2): SSH as
 * {@value #USER} onto the node itself, for the site's techs and PIs and the operators, with the
 * keys PLC named in BootGetNodeDetails. Public keys only; no forwarding. No node agent runs, so
 * no sliver does.
 */
public final class DebugSshService implements AutoCloseable {
    public static final String USER = "root";
    private static final Logger LOG = LoggerFactory.getLogger(DebugSshService.class);

    private final SshServer server;
    private final int keyCount;

    /**
     * @param address where to listen (the node's address)
     * @param port 22 on a node; 0 for any
     * @param authorizedKeys OpenSSH public key lines
     * @param hostKeyFile where the service's host key is kept across boots
     */
    public DebugSshService(String address, int port, List<String> authorizedKeys, Path hostKeyFile) {
        List<PublicKey> allowed = parse(requireNonNull(authorizedKeys, "authorizedKeys is null"));
        this.keyCount = allowed.size();
        server = SshServer.setUpDefaultServer();
        server.setHost(requireNonNull(address, "address is null"));
        server.setPort(port);
        try {
            Files.createDirectories(hostKeyFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + hostKeyFile.getParent(), e);
        }
        SimpleGeneratorHostKeyProvider hostKey = new SimpleGeneratorHostKeyProvider(hostKeyFile);
        hostKey.setAlgorithm(KeyUtils.EC_ALGORITHM);
        server.setKeyPairProvider(hostKey);
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> {
            boolean accepted = USER.equals(user) && allowed.stream().anyMatch(candidate -> KeyUtils.compareKeys(candidate, key));
            LOG.info("debug SSH: {} as {} from {} with key {}", accepted ? "accepted" : "refused", user,
                    session.getClientAddress(), KeyUtils.getFingerPrint(key));
            return accepted;
        });
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setCommandFactory((channel, command) -> new ShellCommand(command));
        server.setShellFactory(channel -> new ShellCommand(null));
    }

    private static List<PublicKey> parse(List<String> lines) {
        List<PublicKey> keys = new ArrayList<>();
        for (String line : lines) {
            try {
                AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
                PublicKey key = entry == null ? null : entry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (key != null) {
                    keys.add(key);
                }
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                LOG.warn("debug SSH: a key from PLC is not an OpenSSH public key and is ignored: {}", e.getMessage());
            }
        }
        return List.copyOf(keys);
    }

    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the debug SSH service cannot listen on " + server.getHost() + ":" + server.getPort(), e);
        }
        LOG.info("debug SSH service on {}:{} for {} keys", server.getHost(), server.getPort(), keyCount);
    }

    public int port() {
        return server.getPort();
    }

    /** How many keys may log in. */
    public int keyCount() {
        return keyCount;
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            LOG.warn("debug SSH service did not stop cleanly: {}", e.getMessage());
        }
    }
}
