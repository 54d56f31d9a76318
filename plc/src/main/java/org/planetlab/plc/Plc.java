package org.planetlab.plc;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.plc.agreement.SiteAgreementService;
import org.planetlab.plc.api.Dispatcher;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.audit.AuditSettings;
import org.planetlab.plc.audit.FlowAuditing;
import org.planetlab.plc.auth.Authenticator;
import org.planetlab.plc.auth.LoginThrottle;
import org.planetlab.plc.authority.AuthorityService;
import org.planetlab.plc.boot.BootService;
import org.planetlab.plc.change.ChangeListener;
import org.planetlab.plc.auth.NodeRequestAuthenticator;
import org.planetlab.plc.auth.PasswordHasher;
import org.planetlab.plc.auth.SessionStore;
import org.planetlab.plc.mutation.EventLog;
import org.planetlab.plc.event.EventMethods;
import org.planetlab.plc.event.EventService;
import org.planetlab.plc.http.ApiServer;
import org.planetlab.plc.http.WebMount;
import org.planetlab.plc.mail.PlcMail;
import org.planetlab.plc.mail.MailSettings;
import org.planetlab.plc.mail.Mailer;
import org.planetlab.plc.key.KeyService;
import org.planetlab.plc.monitor.Monitoring;
import org.planetlab.plc.monitor.MonitorSettings;
import org.planetlab.plc.metrics.MetricsSettings;
import org.planetlab.plc.metrics.PlcMetrics;
import org.planetlab.plc.usage.Usage;
import org.planetlab.plc.usage.UsageSettings;
import org.planetlab.plc.node.ConfFileService;
import org.planetlab.plc.node.NodeGroupService;
import org.planetlab.plc.node.PcuService;
import org.planetlab.plc.peer.PeerSettings;
import org.planetlab.plc.peer.Peering;
import org.planetlab.plc.reboot.ConsoleService;
import org.planetlab.plc.reboot.RebootService;
import org.planetlab.plc.person.AccountVerification;
import org.planetlab.plc.person.PersonMemberships;
import org.planetlab.plc.person.PersonService;
import org.planetlab.plc.lease.LeaseService;
import org.planetlab.plc.release.ReleaseService;
import org.planetlab.plc.release.rollout.Rollouts;
import org.planetlab.plc.replica.ChangeRelay;
import org.planetlab.plc.session.SessionMethods;
import org.planetlab.plc.session.SessionService;
import org.planetlab.plc.node.InterfaceService;
import org.planetlab.plc.node.NodeService;
import org.planetlab.plc.site.SiteService;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.naming.ManagementAuthorities;
import org.planetlab.plc.naming.NamingAuthorities;
import org.planetlab.plc.naming.NamingAuthorityService;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.slice.SliceMembership;
import org.planetlab.plc.slice.SliceService;
import org.planetlab.plc.slice.SliceTagService;
import org.planetlab.plc.sliver.LastContacts;
import org.planetlab.plc.stop.StopService;
import org.planetlab.plc.sliver.ConfFileSources;
import org.planetlab.plc.sliver.SliverMethods;
import org.planetlab.plc.sliver.SliverViews;
import org.planetlab.plc.sliver.state.SliverStateMethods;
import org.planetlab.plc.sliver.state.SliverStates;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.tag.TagTypeService;
import org.planetlab.trust.authority.PlcTrust;
import org.planetlab.trust.authority.PlcTrustOptions;
import org.planetlab.trust.tls.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running PLC: the store, the method registry, the dispatcher, the HTTP API and the
 * background tasks (expiring slices, recording node contacts). Built with {@link #start}, stopped
 * with {@link #close}.
 */
public final class Plc implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Plc.class);
    private static final Duration SERVER_CERTIFICATE_LIFETIME = Duration.ofDays(365);

    private final Database database;
    private final Dispatcher dispatcher;
    private final SliverViews sliverViews;
    private final LastContacts lastContacts;
    private final PasswordHasher passwords;
    private final SessionStore sessions;
    private final MutationPath mutations;
    private final Authenticator authenticator;
    private final SliceAuthority sliceAuthority;
    private final ManagementAuthority managementAuthority;
    private final SessionService sessionService;
    private final EventService events;
    private final Rollouts rollouts;
    private final PlcTimers timers;
    private final Optional<ChangeRelay> relay;
    private final PlcTrust trust;
    private final PlcMail mail;
    private final FlowAuditing audit;
    private final Monitoring monitoring;
    private final Usage usage;
    private final SliverStates sliverStates;
    private final PlcMetrics metrics;
    private final Peering peering;
    private ApiServer server;
    private final Faces faces = new Faces();

    private Plc(PlcConfig config, Clock clock, SecureRandom random, NodeRequestAuthenticator nodes) {
        this.trust = PlcTrust.openOrCreate(config.trustDir(), PlcTrustOptions.DEFAULT, clock, random);
        this.database = Database.open(config.store(), config.storeUser(), config.storePassword());
        database.write(handle -> {
            TagTypeService.ensureRspecAttributes(handle);
            NamingAuthorities.ensureOwn(handle, config.sliceAuthority(), clock.instant().getEpochSecond());
            ManagementAuthorities.ensureOwn(handle, config.sliceAuthority(), clock.instant().getEpochSecond());
            return null;
        });
        this.mail = PlcMail.create(MailSettings.from(config.section("mail")), database, clock);
        Mailer mailer = mail.mailer();
        AuditSettings auditSettings = AuditSettings.from(config.section("audit"), config.dataDir());
        MonitorSettings monitorSettings = MonitorSettings.from(config.section("monitor"));
        this.passwords = new PasswordHasher(random, config.passwordHashMemoryKib(), 2);
        this.sessions = new SessionStore(random, clock);
        // Another server's change notification could be lost; only then does the age bound matter.
        this.sliverViews = database.dialect() == Database.Dialect.POSTGRESQL
                ? new SliverViews(config.viewCacheMaxAgeSeconds()) : new SliverViews();
        this.lastContacts = new LastContacts(database);
        EventLog eventLog = new EventLog();
        List<ChangeListener> listeners = nodes instanceof ChangeListener listener ? List.of(sliverViews, listener)
                : List.of(sliverViews);
        // Other servers on the same PostgreSQL store hear of this server's changes and it of theirs.
        this.relay = ChangeRelay.start(database, listeners, random, config.dataDir().resolve("plc.running"));
        List<ChangeListener> toldOfCommits = new ArrayList<>(listeners);
        relay.ifPresent(toldOfCommits::add);
        this.rollouts = Rollouts.prepare(database, mailer, clock);
        this.mutations = new MutationPath(database, eventLog, toldOfCommits, clock);
        MethodRegistry registry = new MethodRegistry();
        this.sliceAuthority = new SliceAuthority(new SliceAuthority.Foundation(config, mutations, database, passwords,
                sessions, trust, mailer, random), registry);
        this.managementAuthority = new ManagementAuthority(new ManagementAuthority.Foundation(config, mutations,
                database, trust, rollouts, mailer.supportAddress(), clock, random), registry);
        SliceNames names = sliceAuthority.names();
        new SliverMethods(sliverViews, lastContacts, clock).register(registry);
        new ConfFileSources(sliverViews, config.dataDir().resolve("conf-files")).register(registry);
        this.sessionService = new SessionService(mutations, sessions);
        new SessionMethods(sessionService).register(registry);
        this.events = new EventService(database);
        new EventMethods().register(registry);
        this.audit = FlowAuditing.open(auditSettings, database, mutations, names, mailer.supportAddress(), clock);
        audit.register(registry);
        this.monitoring = Monitoring.create(mutations, database, monitorSettings, mailer.supportAddress());
        monitoring.register(registry);
        rollouts.readHeartbeats(monitoring.availability()::latestHeartbeat);
        this.usage = Usage.create(mutations, database, names, UsageSettings.from(config.section("usage")), mailer.supportAddress());
        usage.register(registry);
        this.sliverStates = new SliverStates(names);
        SliverStateMethods.create(mutations, sliverStates, names).register(registry);
        PlcapiCompatibility.register(registry, new PlcapiCompatibility.Services(mutations, names, sessions,
                sliceAuthority.sliceTags(), managementAuthority.nodeGroups(), sliceAuthority.tagTypes(),
                sliceAuthority.accountVerification(), mailer, random,
                Optional.ofNullable(config.section("portal").get("public-url"))));
        this.peering = Peering.create(PeerSettings.from(config.section("peer"), config.sliceAuthority()), config.dataDir(),
                PlcTrustOptions.DEFAULT.keyAlgorithm(), mutations, database, clock, random);
        peering.register(registry);
        this.authenticator = new Authenticator(passwords, sessions, nodes, config.sliceCreationService(),
                new LoginThrottle(clock, LoginThrottle.Limits.DEFAULT), peering.requests());
        this.metrics = new PlcMetrics(MetricsSettings.from(config.section("metrics")), sliverViews);
        metrics.watch(mail.outboxes());
        this.dispatcher = new Dispatcher(database, authenticator, registry, mutations, metrics);
        this.timers = new PlcTimers(database, lastContacts, monitoring.availability(), monitoring.escalations(),
                audit.archive(), auditSettings, clock, this::expireSlices);
    }

    /**
     * Opens the store (migrating it), and if {@code listen} is given serves the API there.
     *
     * @param nodes how node request signatures are checked
     */
    public static Plc start(PlcConfig config, Clock clock, SecureRandom random, NodeRequestAuthenticator nodes,
            boolean serve) {
        requireNonNull(config, "config is null");
        Plc plc = new Plc(config, requireNonNull(clock, "clock is null"), requireNonNull(random, "random is null"),
                requireNonNull(nodes, "nodes is null"));
        try {
            plc.timers.start(config.housekeepingIntervalSeconds());
            plc.mail.start(plc.mutations);
            plc.rollouts.start(plc.mutations);
            plc.usage.start();
            plc.metrics.start();
            if (serve) {
                List<WebMount> mounts = plc.faces.start(plc, config);
                Optional<TlsIdentity> tls = config.tls()
                        ? Optional.of(plc.trust.serverIdentity(config.tlsNames(), SERVER_CERTIFICATE_LIFETIME))
                        : Optional.empty();
                plc.server = new ApiServer(plc.dispatcher, new WireLimits(config.maxRequestBytes(),
                        WireLimits.DEFAULT.maxDepth(), WireLimits.DEFAULT.maxItems()),
                        new InetSocketAddress(config.listenAddress(), config.port()), tls, random, mounts);
                plc.server.start();
            }
            return plc;
        } catch (Exception e) {
            plc.close();
            throw e instanceof PlanetLabException planetLab ? planetLab
                    : new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot start PLC: " + e.getMessage(), e);
        }
    }

    /** Marks expired slices deleted, through the one path every change takes. */
    public void expireSlices() {
        List<Long> expired = sliceAuthority.slices().expireSlices();
        if (!expired.isEmpty()) {
            LOG.info("slices {} expired", expired);
        }
    }

    /** Node software releases: publishing, listing, serving them to nodes. */
    public ReleaseService releases() {
        return managementAuthority.releases();
    }

    /** Rolling releases out in waves with health gates. */
    public Rollouts rollouts() {
        return rollouts;
    }

    /** Sites and their addresses. */
    public SiteService sites() {
        return sliceAuthority.sites();
    }

    /** Accounts. */
    public PersonService persons() {
        return sliceAuthority.persons();
    }

    /** Verifying new accounts' addresses and resetting forgotten passwords, by mailed keys. */
    public AccountVerification accountVerification() {
        return sliceAuthority.accountVerification();
    }

    /** Turns an API auth struct (password, session, ...) into a caller, as every API call does. */
    public Authenticator authenticator() {
        return authenticator;
    }

    /** Persons' roles and site memberships. */
    public PersonMemberships personMemberships() {
        return sliceAuthority.personMemberships();
    }

    /** Persons' SSH keys and the key blacklist. */
    public KeyService keys() {
        return sliceAuthority.keys();
    }

    /** Tag types: the names of slice attributes and node tags. */
    public TagTypeService tagTypes() {
        return sliceAuthority.tagTypes();
    }

    /** Node tags and the node groups they define. */
    public NodeGroupService nodeGroups() {
        return managementAuthority.nodeGroups();
    }

    /** Sites' power control units and the nodes wired to them. */
    public PcuService pcus() {
        return managementAuthority.pcus();
    }

    /** Configuration files nodes install. */
    public ConfFileService confFiles() {
        return managementAuthority.confFiles();
    }


    /** Slice attributes, for a slice, a node group or one node. */
    public SliceTagService sliceTags() {
        return sliceAuthority.sliceTags();
    }

    /** Nodes: registration, changes, deletion, keys. */
    public NodeService nodes() {
        return managementAuthority.nodes();
    }

    /** Nodes' network interfaces. */
    public InterfaceService interfaces() {
        return managementAuthority.interfaces();
    }

    /** Slices: creation, renewal, starting and stopping, deletion, expiry. */
    public SliceService slices() {
        return sliceAuthority.slices();
    }

    /** Slices' users and nodes. */
    public SliceMembership sliceMembership() {
        return sliceAuthority.sliceMembership();
    }

    /** Opening and ending sessions. */
    public SessionService sessionService() {
        return sessionService;
    }

    /** The event log, read typed. */
    public EventService events() {
        return events;
    }

    /** The slice authority's tickets and certificate sessions. */
    public AuthorityService authority() {
        return sliceAuthority.authority();
    }

    /** The boot server. */
    public BootService boot() {
        return managementAuthority.boot();
    }




    /** The path every change of the registry takes. */
    public MutationPath mutations() {
        return mutations;
    }






    /** The sender of complaint mail. */
    /** Outgoing mail: the mailer and the outboxes of complaints and escalations. */
    public PlcMail mail() {
        return mail;
    }

    /** Flow auditing: the archive, uploads, who-sent-this queries and complaints. */
    public FlowAuditing audit() {
        return audit;
    }

    /** The monitor: heartbeats, availability and the escalation of nodes that stay down. */
    public Monitoring monitoring() {
        return monitoring;
    }

    /** Remote reboots of nodes: ping of death and power cycles through PCUs. */
    public RebootService reboots() {
        return managementAuthority.reboots();
    }

    /** The console logs nodes upload after each boot. */
    public ConsoleService consoles() {
        return managementAuthority.consoles();
    }

    /** Sites' hosting agreements: a site's PI creates slices only once its site has one. */
    public SiteAgreementService siteAgreements() {
        return sliceAuthority.agreements();
    }

    /** The big red button at every level, and the record of stops. */
    public StopService stops() {
        return sliceAuthority.stops();
    }

    /** The naming authorities PLC hosts (Architecture §4.4) and the sites under them. */
    public NamingAuthorityService namingAuthorities() {
        return sliceAuthority.namingAuthorities();
    }

    /** Leases of reservable nodes to slices, and the search for a free slot. */
    public LeaseService leases() {
        return sliceAuthority.leases();
    }

    /** Usage: the slivers' usage nodes report, its queries and rollup. */
    public Usage usage() {
        return usage;
    }

    /** What nodes last reported of their slivers (GetSliverStates). */
    public SliverStates sliverStates() {
        return sliverStates;
    }

    /** Peering with other PLCs: peers, their foreign objects, this PLC's peer key and name. */
    public Peering peering() {
        return peering;
    }

    /** Prometheus metrics, served on metrics.listen. */
    public PlcMetrics metrics() {
        return metrics;
    }




    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public Database database() {
        return database;
    }

    public PasswordHasher passwords() {
        return passwords;
    }

    public SessionStore sessions() {
        return sessions;
    }


    /** PLC's keys, certificates and trust roots. */
    public PlcTrust trust() {
        return trust;
    }

    /** Whether the API is served over TLS. */
    public boolean tls() {
        return server != null && server.tls();
    }

    public SliverViews sliverViews() {
        return sliverViews;
    }


    /** The port the API listens on. */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("this PLC does not serve the API");
        }
        return server.port();
    }

    @Override
    public void close() {
        timers.close();
        usage.close();
        metrics.close();
        faces.close();
        relay.ifPresent(ChangeRelay::close);
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("stopping the API server failed", e);
            }
        }
        mail.close();
        rollouts.close();
        audit.close();
        try {
            lastContacts.flush();
        } catch (RuntimeException e) {
            LOG.warn("could not write the last node contacts", e);
        }
        try {
            monitoring.availability().writeHeartbeats();
        } catch (RuntimeException e) {
            LOG.warn("could not write the last node heartbeats", e);
        }
        database.close();
    }
}
