package org.planetlab.node.ssh;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.planetlab.node.manager.NodeManager;
import org.planetlab.node.sliver.SliverExec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's SSH gateway (the seed's {@code vsh}, Architecture §4.2 "users have the ability to
 * securely access VMs created on their behalf"): {@code ssh <slice>@<node>} with a key of a user of
 * the slice gets a shell (with a terminal), a command, scp or sftp inside that slice's container.
 * Public keys only; an Ed25519 host key, Curve25519 key exchange and AES-GCM only (see
 * docs/security.md for why exactly these); no port, agent or X11 forwarding.
 */
public final class SshGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshGateway.class);
    /** Runs the sliver's own sftp-server, wherever its image keeps it. */
    static final String SFTP_SERVER = "for server in /usr/lib/openssh/sftp-server /usr/libexec/openssh/sftp-server"
            + " /usr/libexec/sftp-server /usr/lib/sftp-server; do [ -x \"$server\" ] && exec \"$server\"; done;"
            + " echo 'this sliver has no sftp-server (install openssh-sftp-server in it); use scp -O' >&2; exit 1";

    /**
     * Curve25519 only: no NIST-curve or finite-field exchange. The post-quantum hybrids
     * (sntrup761x25519, mlkem768x25519) are left out because the ssh-audit of Debian 12 flags the
     * first as experimental and does not know the second; see docs/security.md.
     */
    static final List<BuiltinDHFactories> KEY_EXCHANGES = List.of(BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh);
    /** Authenticated encryption only, so no MAC is ever negotiated (see {@link WithoutStrictKeyExchange}). */
    static final List<BuiltinCiphers> CIPHERS = List.of(BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128gcm);
    /** Never used with the ciphers above, but the protocol needs a list: encrypt-then-MAC only. */
    static final List<BuiltinMacs> MACS = List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm);

    private final SshServer server;
    private final KeyPair hostKey;

    /**
     * @param address where to listen (the node's address)
     * @param port 22 on a node
     * @param stateDirectory where the host key is kept
     */
    public SshGateway(String address, int port, Path stateDirectory, NodeManager manager, SliverExec exec, SecureRandom random) {
        requireNonNull(manager, "manager is null");
        requireNonNull(exec, "exec is null");
        hostKey = HostKey.loadOrCreate(stateDirectory, random);
        server = ServerBuilder.builder()
                .keyExchangeFactories(NamedFactory.setUpTransformedFactories(false, KEY_EXCHANGES, ServerBuilder.DH2KEX))
                .cipherFactories(supported(CIPHERS))
                .macFactories(supported(MACS))
                .signatureFactories(supported(List.of(BuiltinSignatures.ed25519)))
                .compressionFactories(supported(List.of(BuiltinCompressions.none)))
                .forwardingFilter(RejectAllForwardingFilter.INSTANCE)
                .publickeyAuthenticator(new SliceKeyAuthenticator(new SliverLogins(manager)))
                .build();
        server.setSessionFactory(new WithoutStrictKeyExchange(server));
        server.setHost(requireNonNull(address, "address is null"));
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setShellFactory(channel -> new SliverCommand(exec, null));
        server.setCommandFactory(commands(exec));
        server.setSubsystemFactories(List.of(sftp(exec)));
    }

    /** The factories this JVM supports, in order of preference. */
    private static <T, F extends NamedFactory<T> & org.apache.sshd.common.OptionalFeature> List<NamedFactory<T>> supported(List<F> factories) {
        return factories.stream().filter(org.apache.sshd.common.OptionalFeature::isSupported).map(factory -> (NamedFactory<T>) factory)
                .toList();
    }

    private static CommandFactory commands(SliverExec exec) {
        return (channel, command) -> {
            ScpCommand scp = ScpCommand.parse(exec, CommandFactory.split(command));
            return scp != null ? scp : new SliverCommand(exec, command);
        };
    }

    private static SubsystemFactory sftp(SliverExec exec) {
        return new SubsystemFactory() {
            @Override
            public String getName() {
                return "sftp";
            }

            @Override
            public org.apache.sshd.server.command.Command createSubsystem(org.apache.sshd.server.channel.ChannelSession channel) {
                return new SliverCommand(exec, SFTP_SERVER);
            }
        };
    }

    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the SSH gateway cannot listen on " + server.getHost() + ":" + server.getPort(), e);
        }
        LOG.info("SSH gateway on {}:{}, host key {}", server.getHost(), server.getPort(), HostKey.fingerprint(hostKey));
    }

    /** The port it listens on (the chosen one when started on port 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            LOG.warn("SSH gateway did not stop cleanly: {}", e.getMessage());
        }
    }
}
