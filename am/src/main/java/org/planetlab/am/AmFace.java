package org.planetlab.am;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.planetlab.am.call.AggregateManager;
import org.planetlab.am.call.LapsedAllocations;
import org.planetlab.am.credential.CredentialVerifier;
import org.planetlab.am.credential.GidChains;
import org.planetlab.am.gid.GeniAuthority;
import org.planetlab.am.gid.HostedAuthorities;
import org.planetlab.am.http.AmServer;
import org.planetlab.am.registry.Registry;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.plc.Plc;
import org.planetlab.plc.PlcConfig;
import org.planetlab.plc.PlcFace;
import org.planetlab.plc.naming.NamingAuthorities;
import org.planetlab.plc.naming.ManagementAuthorityService;
import org.planetlab.plc.naming.NamingAuthorityKeys;
import org.planetlab.trust.tls.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GENI aggregate manager as a face of PLC: when {@code am.port} is configured it serves AM
 * API v3 over TLS with client certificates on that port, over PLC's services, with PLC's server
 * certificate and its GENI slice authority as trust root. It mounts nothing on PLC's API port.
 */
public final class AmFace implements PlcFace {
    private static final Logger LOG = LoggerFactory.getLogger(AmFace.class);
    private static final Duration SERVER_CERTIFICATE_LIFETIME = Duration.ofDays(365);
    /** How often lapsed allocations are looked for; an allocation is held for ten minutes. */
    private static final Duration LAPSE_CHECK_INTERVAL = Duration.ofSeconds(10);

    /**
     * A running aggregate: its listener, its port, the registry's listener and port if it is
     * served, the authority whose GID it trusts, and the timer that gives back lapsed allocations.
     */
    public record Running(AmServer server, int port, Optional<AmServer> registry, GeniAuthority authority, NameMapping names,
            LapsedAllocations lapses, Hosted hosted) implements AutoCloseable {
        public Running {
            requireNonNull(server, "server is null");
            requireNonNull(lapses, "lapses is null");
            requireNonNull(registry, "registry is null");
            requireNonNull(authority, "authority is null");
            requireNonNull(names, "names is null");
        }

        /** The registry's port; the registry must be served. */
        public int registryPort() {
            return registry.orElseThrow(() -> new IllegalStateException("the registry is not served (am.registry-port)")).port();
        }

        @Override
        public void close() throws Exception {
            hosted.close();
            lapses.close();
            try {
                server.close();
            } finally {
                if (registry.isPresent()) {
                    registry.get().close();
                }
            }
        }
    }

    /** The authorities PLC hosts, whose keys AddNamingAuthority makes while the aggregate runs. */
    public record Hosted(HostedAuthorities authorities, Runnable unhook) implements AutoCloseable {
        @Override
        public void close() {
            unhook.run();
        }
    }

    @Override
    public String name() {
        return "am";
    }

    @Override
    public Started start(Plc plc, PlcConfig config) throws Exception {
        AmSettings settings = AmSettings.of(config.section("am"));
        if (settings.port().isEmpty()) {
            LOG.info("the GENI aggregate manager is off (set am.port in {} to serve it)", PlcConfig.FILE_NAME);
            return new Started(List.of(), () -> { });
        }
        Running running = start(plc, config, settings, Clock.systemUTC(), new SecureRandom());
        LOG.info("GENI aggregate manager (AM API v3) serving on port {}", running.port());
        running.registry().ifPresent(registry -> LOG.info("SFA registry serving on port {}", registry.port()));
        return new Started(List.of(), running);
    }

    /** Starts the aggregate over {@code plc} with {@code settings}, whose port must be given. */
    public static Running start(Plc plc, PlcConfig config, AmSettings settings, Clock clock, SecureRandom random) throws Exception {
        int port = settings.port().orElseThrow(() -> new IllegalArgumentException("am.port is not set"));
        NameMapping names = new NameMapping(config.sliceAuthority(), loginBase -> plc.database().jdbi()
                .withHandle(handle -> NamingAuthorities.ofSite(handle, loginBase)));
        GeniAuthority authority = GeniAuthority.openOrCreate(plc.trust().directory().resolve("geni"), names.sliceAuthorityUrn(),
                clock, random);
        // The foreign authorities' node-groups and max-slivers become their authority policies on PLC's nodes.
        plc.database().write(handle -> {
            ManagementAuthorityService.replaceFilePolicies(handle, authority.placements(), clock.instant().getEpochSecond());
            return null;
        });
        HostedAuthorities hosted = new HostedAuthorities(authority, plc.database(),
                plc.trust().directory().resolve("geni").resolve("authorities"), clock, random);
        hosted.complete();
        GidChains chains = new GidChains(authority.roots(), clock, (issuer, child) -> issuer.certificate().equals(authority.gid().certificate())
                && child.urn().equals(HostedAuthorities.authorityUrn(child.urn().authority())) && hosted.hosts(child.urn().authority()),
                hosted::intermediates);
        CredentialVerifier verifier = new CredentialVerifier(chains, clock, root -> authority.policyOf(root).acceptRsaSha1());
        TlsIdentity identity = plc.trust().serverIdentity(config.tlsNames(), SERVER_CERTIFICATE_LIFETIME);
        String host = config.tlsNames().getFirst();
        WireLimits limits = new WireLimits(config.maxRequestBytes(), WireLimits.DEFAULT.maxDepth(), WireLimits.DEFAULT.maxItems());
        // GetVersion advertises the port actually bound, which port 0 leaves open until the server starts.
        AmServer[] bound = new AmServer[1];
        AggregateManager manager = new AggregateManager(plc, names, chains, verifier, clock,
                () -> "https://" + host + ":" + bound[0].port() + "/");
        AmServer server = new AmServer(manager, limits, new InetSocketAddress(config.listenAddress(), port), identity,
                Optional.of(chains), random);
        bound[0] = server;
        server.start();
        Optional<AmServer> registry = Optional.empty();
        try {
            if (settings.registryPort().isPresent()) {
                AmServer[] registryBound = new AmServer[1];
                Registry face = new Registry(plc, names, chains, verifier, hosted, clock, random,
                        () -> "https://" + host + ":" + registryBound[0].port() + "/");
                // No roots: the registry takes any client certificate and checks it call by call.
                registryBound[0] = new AmServer(face, limits, new InetSocketAddress(config.listenAddress(),
                        settings.registryPort().getAsInt()), identity, Optional.empty(), random);
                registryBound[0].start();
                registry = Optional.of(registryBound[0]);
            }
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        LapsedAllocations lapses = new LapsedAllocations(plc, clock);
        lapses.start(LAPSE_CHECK_INTERVAL);
        plc.namingAuthorities().keysWith(hosted);
        return new Running(server, server.port(), registry, authority, names, lapses,
                new Hosted(hosted, () -> plc.namingAuthorities().keysWith(NamingAuthorityKeys.NONE)));
    }
}
