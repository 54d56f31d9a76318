package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.nodemanager.NodeManagerOperations;
import org.planetlab.api.nodemanager.NodeManagerReplies;
import org.planetlab.api.nodemanager.NodeManagerRequests;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.scs.ScsSettings;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.ticket.TicketVerifier;
import org.planetlab.trust.tls.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slice creation service {@code plc.scs} (Architecture §4.5, §5.3), a process of its own that
 * the node manager knows as its slice by its uid. At start it asks the node manager for the pools
 * the owner gave it and the slice authorities they name, makes a key pair and has the node
 * manager certify it, opens a session at each authority with that certificate, and from then on
 * keeps the node converged to each authority's view and serves tickets.
 */
public final class SliceCreationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SliceCreationService.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final ScsSettings settings;
    private final Clock clock;
    private final SecureRandom random;
    private final NodeManagerLink nodeManager;
    private final ActionLoop loop = new ActionLoop();
    private final List<ViewPoller> pollers = new ArrayList<>();
    private TicketEndpoint endpoint;
    private Converger converger;
    private TicketDesk desk;
    private Duration retry = Duration.ofMillis(250);
    private boolean retryPending;

    public SliceCreationService(ScsSettings settings, Clock clock, SecureRandom random) {
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
        this.nodeManager = new NodeManagerLink(settings.socket());
    }

    /** Starts; blocks until the node manager has certified the service and the owner gave it pools. */
    public void start() throws InterruptedException {
        NodeManagerReplies.Identity whoAmI = nodeManager.call(NodeManagerOperations.WHO_AM_I, NodeManagerRequests.Nothing.INSTANCE);
        if (whoAmI.hostRoot()) {
            throw PlanetLabException.permissionDenied("the slice creation service must run as its slice's uid, not as root");
        }
        String self = whoAmI.slice();
        ServiceKey key = new ServiceKey(nodeManager, clock, random);
        awaitCertificate(key);
        List<SliceAuthority> authorities = awaitAuthorities();
        LOG.info("{} on {}: slice authorities {}", self, key.subject().node().displayName(),
                authorities.stream().map(SliceAuthority::name).toList());
        ChainVerifier chains = new ChainVerifier(TrustRoots.load(settings.rootsDirectory()), clock);
        ScsRecords records = new ScsRecords(Path.of(""));
        SliverAllocator allocator = new SliverAllocator(nodeManager);
        converger = new Converger(nodeManager, allocator, records, self, clock);
        desk = new TicketDesk(new TicketVerifier(chains), authorities, nodeManager, allocator, records, key.subject().node(),
                settings.address(), new Possession(key.subject().node().hostname(), clock, random), clock, converger::mayRunLeased,
                converger::namingAuthorities);
        loop.every(this::tick, TICK);
        for (SliceAuthority authority : authorities) {
            AuthoritySession session = new AuthoritySession(authority, key, random, settings.pollWait().plusSeconds(30));
            ViewPoller poller = new ViewPoller(session, view -> loop.submit(() -> accept(authority.name(), view)),
                    settings.pollWait(), settings.fullPollInterval(), clock);
            pollers.add(poller);
            Thread.ofPlatform().name("scs-poll-" + authority.name()).daemon().start(poller);
        }
        if (settings.port() > 0) {
            if (!Files.isRegularFile(settings.tlsChainFile())) {
                LOG.warn("no TLS certificate for the node yet; the ticket endpoint is off until the service restarts with one");
            } else {
                endpoint = new TicketEndpoint(desk, loop);
                endpoint.start(settings.address(), settings.port(), new TlsIdentity(KeyFiles.readPrivateKey(settings.tlsKeyFile()),
                        Pem.readCertificates(KeyFiles.read(settings.tlsChainFile()))), random);
            }
        }
    }

    private void awaitCertificate(ServiceKey key) throws InterruptedException {
        Duration wait = Duration.ofMillis(200);
        while (true) {
            try {
                key.certificate();
                return;
            } catch (PlanetLabException e) {
                if (e.code() != ErrorCode.UNAVAILABLE) {
                    throw e;
                }
                LOG.info("waiting for the node manager to certify this service: {}", e.getMessage());
            }
            Thread.sleep(wait);
            wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
        }
    }

    /** The authorities of the pools the owner gave this service, each once. */
    private List<SliceAuthority> awaitAuthorities() throws InterruptedException {
        X509Certificate plcCa = Pem.readCertificates(KeyFiles.read(settings.plcCaFile())).getFirst();
        while (true) {
            Map<String, SliceAuthority> authorities = new LinkedHashMap<>();
            for (String rcap : nodeManager.call(NodeManagerOperations.GET_RCAP, NodeManagerRequests.Nothing.INSTANCE)) {
                Rspec pool = nodeManager.call(NodeManagerOperations.GET_RSPEC, new NodeManagerRequests.Rcap(rcap));
                if (!pool.authority().isEmpty() && !authorities.containsKey(pool.authority())) {
                    authorities.put(pool.authority(), SliceAuthority.of(pool, settings.plcUrl(), plcCa));
                }
            }
            if (!authorities.isEmpty()) {
                return List.copyOf(authorities.values());
            }
            LOG.info("the owner gave this service no pool naming a slice authority (owner script pool.*); asking again in 10 s");
            Thread.sleep(Duration.ofSeconds(10));
        }
    }

    private void accept(String authority, SliverView view) {
        try {
            long started = System.nanoTime();
            boolean done = converger.accept(authority, view);
            LOG.info("view {} of {} ({} slivers) {} in {} ms", abbreviate(view.version()), authority, view.slivers().size(),
                    done ? "applied" : "partly applied", (System.nanoTime() - started) / 1_000_000);
            settle(done);
        } catch (RuntimeException e) {
            LOG.warn("converging to {}'s view failed: {}; will try again", authority, e.getMessage());
            settle(false);
        }
    }

    private static String abbreviate(String version) {
        return version.length() > 12 ? version.substring(0, 12) : version;
    }

    /** After a pass: if it left work undone, another pass soon, backing off to thirty seconds. */
    private void settle(boolean done) {
        if (done) {
            retry = Duration.ofMillis(250);
            return;
        }
        if (!retryPending) {
            retryPending = true;
            loop.schedule(() -> {
                retryPending = false;
                try {
                    settle(converger.converge());
                } catch (RuntimeException e) {
                    LOG.warn("converging failed: {}; will try again", e.getMessage());
                    settle(false);
                }
            }, retry);
            retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        }
    }

    /**
     * Ends leases that ran out, removes slivers whose slice expired and switches a reservable node's
     * slivers at a reservation's start or end, with or without the authority.
     */
    private void tick() {
        try {
            desk.expire();
            Instant now = clock.instant();
            if (converger.nextExpiry().map(expiry -> !expiry.isAfter(now)).orElse(false)
                    || converger.nextLeaseBoundary().map(boundary -> !boundary.isAfter(now)).orElse(false)) {
                settle(converger.converge());
            }
        } catch (RuntimeException e) {
            LOG.warn("checking expiries failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        pollers.forEach(ViewPoller::stop);
        if (endpoint != null) {
            endpoint.close();
        }
        loop.close();
        nodeManager.close();
    }
}
