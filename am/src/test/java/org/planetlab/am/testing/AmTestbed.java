package org.planetlab.am.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.planetlab.am.AmFace;
import org.planetlab.am.AmSettings;
import org.planetlab.am.credential.CredentialSigner;
import org.planetlab.am.credential.Privilege;
import org.planetlab.am.gid.GeniAuthority;
import org.planetlab.am.gid.Gid;
import org.planetlab.am.gid.HostedAuthorities;
import org.planetlab.plc.naming.NewNamingAuthority;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.PlcConfig;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NodeUpdate;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPostgres;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * A PLC with the aggregate manager on a free loopback port, a site {@code princeton} with two
 * nodes, a clock tests move, and the slice authority's key to make users and credentials with.
 */
public final class AmTestbed implements AutoCloseable {
    public static final String NODE_1 = "planetlab1.cs.princeton.edu";
    public static final String NODE_2 = "planetlab2.cs.princeton.edu";
    /** The node of site {@code inria}, once {@link #addSecondAuthority} made it. */
    public static final String INRIA_NODE = "node1.inria.fr";

    private final Path dataDir;
    private final Plc plc;
    private final AmFace.Running am;
    private final TestingClock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> reportSequences = new java.util.concurrent.ConcurrentHashMap<>();
    private final long agentStarted;

    private AmTestbed(Path dataDir, Plc plc, AmFace.Running am, TestingClock clock) {
        this.dataDir = dataDir;
        this.plc = plc;
        this.am = am;
        this.clock = clock;
        this.agentStarted = clock.instant().getEpochSecond();
    }

    public static AmTestbed start(StoreKind kind) {
        try {
            Path dataDir = Files.createTempDirectory("am-testbed");
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("port", "0");
            settings.put("password-hash-memory-kib", "64");
            settings.put("tls", "false");
            settings.put("housekeeping-interval-seconds", "3600");
            if (kind == StoreKind.POSTGRESQL) {
                settings.put("store", TestingPostgres.newDatabase());
                settings.put("store-user", "postgres");
                settings.put("store-password", "postgres");
            }
            PlcConfig config = PlcConfig.fromDataDir(dataDir, settings);
            TestingClock clock = new TestingClock(Instant.now());
            SecureRandom random = new SecureRandom();
            Plc plc = Plc.start(config, clock, random, (handle, request) -> {
                throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "nodes do not sign requests in this test");
            }, false);
            long site = plc.sites().addSite(Caller.INTERNAL, NewSite.named("princeton", "Princeton", "Princeton")
                    .withUrl("https://princeton.example.org"));
            for (String host : List.of(NODE_1, NODE_2)) {
                plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(site), NewNode.named(host));
            }
            // The site's hosting agreement, signed by a person of the site, so slices may be created there.
            long signer = plc.persons().addPerson(Caller.INTERNAL, new org.planetlab.plc.person.NewPerson(
                    org.planetlab.plc.person.Profile.of("signer@princeton.example.org", "Site", "Signer"), Optional.empty(),
                    Optional.of(true)));
            plc.personMemberships().addToSite(Caller.INTERNAL, org.planetlab.plc.person.PersonRef.of(signer), SiteRef.of(site));
            plc.siteAgreements().record(Caller.INTERNAL, site, signer, "test");
            AmFace.Running am = AmFace.start(plc, config, new AmSettings(OptionalInt.of(0), OptionalInt.of(0)), clock, random);
            return new AmTestbed(dataDir, plc, am, clock);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the AM testbed: " + e.getMessage(), e);
        }
    }

    public Plc plc() {
        return plc;
    }

    public TestingClock clock() {
        return clock;
    }

    /** Runs the aggregate's timer that gives back lapsed allocations once, now; the slices concerned. */
    public List<Long> giveBackLapsedAllocations() {
        return am.lapses().giveBackLapsed();
    }

    public int port() {
        return am.port();
    }

    /** The SFA registry's port. */
    public int registryPort() {
        return am.registryPort();
    }

    /** A client of the registry presenting {@code identity} (a self-signed certificate or a GID). */
    public AmClient registryClient(TlsIdentity identity) {
        return new AmClient(registryPort(), serverCa(), identity);
    }

    /** A client of the registry presenting no certificate at all. */
    public AmClient registryClientWithoutCertificate() {
        return new AmClient(registryPort(), serverCa(), Optional.empty());
    }

    /** A client of the aggregate presenting {@code identity}. */
    public AmClient client(TlsIdentity identity) {
        return new AmClient(port(), serverCa(), identity);
    }

    /**
     * A PLC person at {@code princeton} (enabled, with {@code role}) holding a new RSA key pair whose
     * public key is one of their SSH keys at PLC, and a self-signed certificate of that key, as an SFA
     * client makes before it has a GID.
     */
    public RegistryPerson person(String email, org.planetlab.api.method.Role role) {
        return person(email, role, "princeton");
    }

    /** A person as {@link #person(String, org.planetlab.api.method.Role)} makes one, at the site {@code loginBase}. */
    public RegistryPerson person(String email, org.planetlab.api.method.Role role, String loginBase) {
        KeyPair keys = KeyAlgorithm.RSA_2048.generate(random);
        long personId = plc.persons().addPerson(Caller.INTERNAL, new org.planetlab.plc.person.NewPerson(
                org.planetlab.plc.person.Profile.of(email, "First", "Last"), Optional.empty(), Optional.of(true)));
        org.planetlab.plc.person.PersonRef person = org.planetlab.plc.person.PersonRef.of(personId);
        plc.personMemberships().addToSite(Caller.INTERNAL, person, SiteRef.of(loginBase));
        plc.personMemberships().addRole(Caller.INTERNAL, role, person);
        plc.keys().addKey(Caller.INTERNAL, person, org.planetlab.plc.key.NewKey.ssh(SshRsaLine.of(keys.getPublic(), email)));
        Gid selfSigned = new org.planetlab.am.gid.GidIssuer(clock, random).selfSigned(
                new Urn("self", "user", email.substring(0, email.indexOf('@')).replace('.', '_')), keys, Duration.ofDays(30));
        return new RegistryPerson(personId, keys, selfSigned.certificate(),
                new TlsIdentity(keys.getPrivate(), List.of(selfSigned.certificate())));
    }

    /** A person with a key and its self-signed certificate, before the registry gave them a GID. */
    public record RegistryPerson(long personId, KeyPair keys, X509Certificate selfSigned, TlsIdentity selfSignedTls) {
        /** The TLS identity of the GID the registry issued for this person's key. */
        public TlsIdentity withGid(X509Certificate gid, X509Certificate authority) {
            return new TlsIdentity(keys.getPrivate(), List.of(gid, authority));
        }

        /** The TLS identity of a GID and the chain of its issuers up to PLC's root. */
        public TlsIdentity withChain(List<X509Certificate> chain) {
            return new TlsIdentity(keys.getPrivate(), chain);
        }
    }

    public GeniAuthority authority() {
        return am.authority();
    }

    /** The naming authorities PLC hosts besides its own, with their keys and GIDs. */
    public HostedAuthorities hosted() {
        return am.hosted().authorities();
    }

    /**
     * A second naming authority, {@code ple} (PlanetLab Europe), with a site {@code inria} under it
     * (its hosting agreement signed) and the node {@link #INRIA_NODE}.
     */
    public void addSecondAuthority() {
        plc.namingAuthorities().addNamingAuthority(Caller.INTERNAL, new NewNamingAuthority("ple", "PlanetLab Europe",
                java.util.OptionalLong.empty()));
        long site = plc.sites().addSite(Caller.INTERNAL, NewSite.named("inria", "INRIA", "INRIA").withUrl("https://inria.example.org"));
        plc.namingAuthorities().setSiteNamingAuthority(Caller.INTERNAL, "inria", "ple");
        plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(site), NewNode.named(INRIA_NODE));
        long signer = plc.persons().addPerson(Caller.INTERNAL, new org.planetlab.plc.person.NewPerson(
                org.planetlab.plc.person.Profile.of("signer@inria.example.org", "Site", "Signer"), Optional.empty(), Optional.of(true)));
        plc.personMemberships().addToSite(Caller.INTERNAL, org.planetlab.plc.person.PersonRef.of(signer), SiteRef.of(site));
        plc.siteAgreements().record(Caller.INTERNAL, site, signer, "test");
    }

    /** A GID and its issuers up to PLC's root: PLC's own authority, or a hosted one and then the root. */
    public List<X509Certificate> chain(X509Certificate gid) {
        List<X509Certificate> chain = new java.util.ArrayList<>(List.of(gid));
        X509Certificate root = authority().gid().certificate();
        hosted().intermediates().stream().filter(issuer -> issuer.getSubjectX500Principal().equals(gid.getIssuerX500Principal()))
                .findFirst().ifPresent(chain::add);
        chain.add(root);
        return chain;
    }

    public X509Certificate serverCa() {
        return plc.trust().tlsCaCertificate();
    }

    /** A user of PLC's authority with a GID and key, ready to be a TLS client. */
    public TestUser user(String name) {
        return user(new Urn("plc:princeton", "user", name));
    }

    public TestUser user(Urn urn) {
        KeyPair keys = KeyAlgorithm.RSA_2048.generate(random);
        Gid gid = authority().issue(urn, keys.getPublic(), Duration.ofDays(365));
        return new TestUser(gid, keys, new TlsIdentity(keys.getPrivate(), List.of(gid.certificate(), authority().gid().certificate())));
    }

    public static Urn sliceUrn(String name) {
        return new Urn("plc:princeton", "slice", name);
    }

    /** A credential PLC's slice authority signs for {@code owner} on the slice {@code name}. */
    public String sliceCredential(TestUser owner, String name, Duration lifetime, List<Privilege> privileges) {
        Gid slice = authority().issue(sliceUrn(name), KeyAlgorithm.RSA_2048.generate(random).getPublic(), Duration.ofDays(365));
        return new CredentialSigner().sign(new CredentialSigner.Content(owner.gid(), slice, clock.instant().plus(lifetime),
                privileges, Optional.empty()), authority().privateKey(), List.of(authority().gid().certificate()));
    }

    public String sliceCredential(TestUser owner, String name) {
        return sliceCredential(owner, name, Duration.ofDays(30), List.of(new Privilege("refresh", true),
                new Privilege("info", true), new Privilege("control", true)));
    }

    /** A credential on the user itself, as GetSelfCredential gives. */
    public String userCredential(TestUser owner) {
        return new CredentialSigner().sign(new CredentialSigner.Content(owner.gid(), owner.gid(), clock.instant().plus(Duration.ofDays(30)),
                List.of(new Privilege("resolve", true), new Privilege("info", true)), Optional.empty()),
                authority().privateKey(), List.of(authority().gid().certificate()));
    }

    /** A Java client speaking the AM API as {@code user}. */
    public AmClient client(TestUser user) {
        return new AmClient(port(), serverCa(), user.tls());
    }

    /**
     * Reports one sliver of the node {@code hostname} in {@code state} (building, running, stopped,
     * failed) with {@code reason}, as the node's agent does (ReportSliverStates, replacing what the
     * node reported before).
     */
    public void reportSliverState(String hostname, String slice, String state, String reason) {
        report(hostname, List.of(Map.of("name", slice, "state", state, "reason", reason,
                "since", clock.instant().getEpochSecond())));
    }

    /**
     * A fake of the node {@code hostname}'s agent until closed: every 50 ms it reports each slice
     * on the node running if PLC has it started and stopped otherwise, as a node that acts at once would.
     */
    public AutoCloseable reportingNode(String hostname) {
        java.util.concurrent.ScheduledExecutorService reporter = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        reporter.scheduleWithFixedDelay(() -> {
            long now = clock.instant().getEpochSecond();
            report(hostname, plc.database().read(handle -> handle.createQuery("SELECT s.name, s.state FROM slice_nodes sn"
                            + " JOIN slices s ON s.slice_id = sn.slice_id JOIN nodes n ON n.node_id = sn.node_id"
                            + " WHERE n.hostname = :host AND s.is_deleted = FALSE")
                    .bind("host", hostname)
                    .map((row, context) -> (Object) Map.of("name", row.getString(1), "state",
                            row.getString(2).equals("started") ? "running" : "stopped", "reason", "", "since", now))
                    .list()));
        }, 0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
        return () -> {
            reporter.shutdownNow();
            reporter.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        };
    }

    private void report(String hostname, List<Object> slivers) {
        org.planetlab.plc.node.NodeDetails node = plc.nodes().node(org.planetlab.plc.node.NodeRef.of(hostname)).orElseThrow();
        long sequence = reportSequences.merge(hostname, 1L, Long::sum);
        plc.dispatcher().invokeAs(Caller.node(node.nodeId(), node.siteId(), "hmac", Optional.empty()), "ReportSliverStates",
                List.of(Map.of("sent_at", clock.instant().getEpochSecond(), "agent_started", agentStarted, "sequence", sequence,
                        "slivers", slivers)));
    }

    /** Puts a node in boot state {@code boot}, as if it had booted. */
    public void boot(String hostname) {
        plc.nodes().updateNode(Caller.INTERNAL, org.planetlab.plc.node.NodeRef.of(hostname),
                NodeUpdate.bootState("boot"));
    }

    @Override
    public void close() {
        try {
            am.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            plc.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A GENI user: its GID, its key pair and the TLS identity made of them. */
    public record TestUser(Gid gid, KeyPair keys, TlsIdentity tls) {}

    /** The struct form of a credential, as AM API v3 clients send it. */
    public static Map<String, Object> sfa(String credential) {
        return Map.of("geni_type", "geni_sfa", "geni_version", "3", "geni_value", credential);
    }
}
