package org.planetlab.am.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.am.credential.CredentialSigner;
import org.planetlab.am.credential.Privilege;
import org.planetlab.am.gid.Gid;
import org.planetlab.am.gid.HostedAuthorities;
import org.planetlab.am.testing.AmClient;
import org.planetlab.am.testing.AmTestbed;
import org.planetlab.am.testing.Python;
import org.planetlab.am.testing.SfaClientScript;
import org.planetlab.am.testing.SfaUser;
import org.planetlab.trust.key.Pem;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.naming.NamingAuthorityKeys;
import org.planetlab.plc.naming.NewNamingAuthority;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.trust.key.KeyAlgorithm;

/**
 * Several naming authorities in one PLC, each with its own key and GID: {@code ple}'s GID is made
 * with the authority and signed by PLC's root; the registry names the persons and slices of a site
 * under {@code ple} there and signs their GIDs and credentials with {@code ple}'s key; the aggregate
 * accepts them (the chain leads to the pinned root) and refuses an authority's credential for
 * another authority's slice.
 */
class SeveralAuthoritiesTest {
    private static final Map<String, Object> GENI_3 = Map.of("geni_rspec_version", Map.of("type", "GENI", "version", "3"));
    private static final String DEMO = "urn:publicid:IDN+ple:inria+slice+demo";

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aSliceUnderASecondAuthorityIsAllocatedProvisionedAndDescribedWithItsAuthoritysCredential(StoreKind kind) throws Exception {
        try (AmTestbed testbed = AmTestbed.start(kind)) {
            testbed.addSecondAuthority();

            // ple's GID: its own key, its URN, signed by PLC's root; the key kept 0600 beside the root's.
            HostedAuthorities.Signer ple = testbed.hosted().signerFor("ple").orElseThrow();
            X509Certificate root = testbed.authority().gid().certificate();
            assertThat(ple.gid().urn().toString()).isEqualTo("urn:publicid:IDN+ple+authority+sa");
            assertThat(ple.gid().certificate().getPublicKey()).isNotEqualTo(root.getPublicKey());
            ple.gid().certificate().verify(root.getPublicKey());
            assertThat(ple.gid().certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
            Path keyFile = keyFile(testbed, "ple");
            assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            // A person of inria bootstraps at the registry: named under ple, GID signed by ple, chain to the root.
            AmTestbed.RegistryPerson aliceAccount = testbed.person("alice@inria.example.org", Role.USER, "inria");
            SfaUser alice = SfaUser.bootstrap(testbed, aliceAccount, "ple.inria.alice");
            assertThat(alice.gid().urn().toString()).isEqualTo("urn:publicid:IDN+ple:inria+user+alice");
            alice.gid().certificate().verify(ple.gid().certificate().getPublicKey());
            Map<?, ?> self = (Map<?, ?>) alice.resolve("ple.inria.alice").getFirst();
            assertThat(self.get("authority")).isEqualTo("ple.inria");
            assertThat((String) self.get("gid")).contains("BEGIN CERTIFICATE");

            // Each top-level authority lists the sites named under it.
            assertThat(sites(alice, "ple")).containsExactly("urn:publicid:IDN+ple:inria+authority+sa");
            assertThat(sites(alice, "plc")).containsExactly("urn:publicid:IDN+plc:princeton+authority+sa");
            testbed.plc().slices().addSlice(Caller.INTERNAL, NewSlice.described("inria_demo", "a demo of ple", "https://demo.example.org"));
            testbed.plc().sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(aliceAccount.personId()), SliceRef.of("inria_demo"));
            Map<?, ?> slice = (Map<?, ?>) alice.resolve(DEMO).getFirst();
            assertThat(slice.get("hrn")).isEqualTo("ple.inria.demo");
            String credential = alice.credential("ple.inria.demo", "slice");
            // Signed by ple, whose GID travels with the signature, followed by the root's.
            assertThat(credential).contains(Gid.base64(ple.gid().certificate()).lines().findFirst().orElseThrow());

            List<Object> credentials = List.of(AmTestbed.sfa(credential));
            String request = "<rspec type=\"request\" xmlns=\"http://www.geni.net/resources/rspec/3\"><node client_id=\"n0\""
                    + " component_id=\"urn:publicid:IDN+ple:inria+node+" + AmTestbed.INRIA_NODE + "\" exclusive=\"false\"/></rspec>";
            AmClient aggregate = alice.aggregate();
            AmClient.Result allocated = aggregate.call("Allocate", DEMO, credentials, request, Map.of());
            assertThat(allocated.geniCode()).as(allocated.toString()).isZero();
            String key = org.planetlab.plc.testing.TestKeys.ed25519("alice@ple");
            Map<String, Object> provisionOptions = new java.util.HashMap<>(GENI_3);
            provisionOptions.put("geni_users", List.of(Map.of("urn", alice.gid().urn().toString(), "keys", List.of(key))));
            AmClient.Result provisioned = aggregate.call("Provision", List.of(DEMO), credentials, provisionOptions);
            assertThat(provisioned.geniCode()).as(provisioned.toString()).isZero();
            AmClient.Result described = aggregate.call("Describe", List.of(DEMO), credentials, GENI_3);
            assertThat(described.geniCode()).as(described.toString()).isZero();
            assertThat((String) described.struct().get("geni_rspec")).contains("urn:publicid:IDN+ple:inria+node+" + AmTestbed.INRIA_NODE)
                    .contains("username=\"inria_demo\"");
            long nodeId = testbed.plc().nodes().node(NodeRef.of(AmTestbed.INRIA_NODE)).orElseThrow().nodeId();
            List<Long> demoNodes = testbed.plc().database().read(handle -> handle.createQuery("SELECT sn.node_id FROM slice_nodes sn"
                    + " JOIN slices s ON s.slice_id = sn.slice_id WHERE s.name = 'inria_demo'").mapTo(Long.class).list());
            assertThat(demoNodes).containsExactly(nodeId);
            // The key in geni_users went to alice's own account, which the registry mapped to her ple URN.
            List<String> aliceKeys = testbed.plc().database().read(handle -> testbed.plc().keys()
                    .keys(handle, Caller.INTERNAL, PersonRef.of(aliceAccount.personId())).stream().map(stored -> stored.key()).toList());
            assertThat(aliceKeys).contains(key);

            // A PI of inria registers a slice with the authority credential ple signs for the site.
            SfaUser pi = SfaUser.bootstrap(testbed, testbed.person("pi@inria.example.org", Role.PI, "inria"), "ple.inria.pi");
            String siteCredential = pi.credential("ple.inria", "authority");
            assertThat(siteCredential).contains("<target_urn>urn:publicid:IDN+ple:inria+authority+sa</target_urn>")
                    .contains(Gid.base64(ple.gid().certificate()).lines().findFirst().orElseThrow());
            assertThat((String) SfaUser.value(pi.call("Register", Map.of("type", "slice", "hrn", "ple.inria.reg",
                    "description", "registered under ple"), List.of(siteCredential)))).contains("BEGIN CERTIFICATE");
            assertThat(testbed.plc().slices().slice(Caller.INTERNAL, SliceRef.of("inria_reg")).orElseThrow().hierarchicalName())
                    .isEqualTo("ple.inria.reg");

            // ple's credential for a slice of PLC's own authority is refused, naming why.
            AmTestbed.TestUser bob = testbed.user("bob");
            Gid codeen = testbed.authority().issue(AmTestbed.sliceUrn("codeen"),
                    KeyAlgorithm.RSA_2048.generate(new java.security.SecureRandom()).getPublic(), Duration.ofDays(30));
            String crossed = new CredentialSigner().sign(new CredentialSigner.Content(bob.gid(), codeen,
                    testbed.clock().instant().plus(Duration.ofDays(1)), List.of(new Privilege("*", true)), Optional.empty()),
                    ple.key(), ple.chain());
            AmClient.Result refused = testbed.client(bob).call("Allocate", AmTestbed.sliceUrn("codeen").toString(),
                    List.of(AmTestbed.sfa(crossed)), princetonRequest(AmTestbed.NODE_1), Map.of());
            assertThat(refused.geniCode()).isEqualTo(3);
            assertThat(refused.output()).contains("urn:publicid:IDN+ple+authority+sa may not grant privileges on "
                    + AmTestbed.sliceUrn("codeen"));
            assertThat(testbed.plc().slices().slice(Caller.INTERNAL, SliceRef.of("princeton_codeen"))).isEmpty();

            // And PLC's own authority may not sign for ple's slices either.
            Gid demoByRoot = testbed.authority().issue(Urn.parse(DEMO),
                    KeyAlgorithm.RSA_2048.generate(new java.security.SecureRandom()).getPublic(), Duration.ofDays(30));
            String rootForDemo = new CredentialSigner().sign(new CredentialSigner.Content(bob.gid(), demoByRoot,
                    testbed.clock().instant().plus(Duration.ofDays(1)), List.of(new Privilege("*", true)), Optional.empty()),
                    testbed.authority().privateKey(), List.of(root));
            AmClient.Result byRoot = testbed.client(bob).call("Describe", List.of(DEMO), List.of(AmTestbed.sfa(rootForDemo)), GENI_3);
            assertThat(byRoot.geniCode()).isEqualTo(3);
            assertThat(byRoot.output()).contains("urn:publicid:IDN+plc+authority+sa may not grant privileges on " + DEMO);

            // A GID PLC's root signs for an authority PLC does not host vouches for nothing.
            java.security.KeyPair strangerKeys = KeyAlgorithm.RSA_2048.generate(new java.security.SecureRandom());
            Gid stranger = new org.planetlab.am.gid.GidIssuer(testbed.clock(), new java.security.SecureRandom()).issue(
                    HostedAuthorities.authorityUrn("pla"), strangerKeys.getPublic(), true, Duration.ofDays(30),
                    testbed.authority().privateKey(), testbed.authority().gid());
            String byStranger = new CredentialSigner().sign(new CredentialSigner.Content(bob.gid(), codeen,
                    testbed.clock().instant().plus(Duration.ofDays(1)), List.of(new Privilege("*", true)), Optional.empty()),
                    strangerKeys.getPrivate(), List.of(stranger.certificate(), root));
            AmClient.Result strangerRefused = testbed.client(bob).call("Describe", List.of(AmTestbed.sliceUrn("codeen").toString()),
                    List.of(AmTestbed.sfa(byStranger)), GENI_3);
            assertThat(strangerRefused.geniCode()).isEqualTo(3);
            assertThat(strangerRefused.output()).contains("may not vouch for urn:publicid:IDN+pla+authority+sa");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void anAuthorityNeverExistsWithoutItsKeyAndWhatARefusedAdditionLeftIsRemoved(StoreKind kind) throws Exception {
        try (AmTestbed testbed = AmTestbed.start(kind)) {
            HostedAuthorities hosted = testbed.hosted();
            // An addition refused after the key was written leaves no authority and no GID; the key file is a leftover.
            testbed.plc().namingAuthorities().keysWith((handle, id, hrn) -> {
                hosted.added(handle, id, hrn);
                throw new IllegalStateException("the change fails after the key was made");
            });
            try {
                testbed.plc().namingAuthorities().addNamingAuthority(Caller.INTERNAL, new NewNamingAuthority("ple", "PlanetLab Europe",
                        java.util.OptionalLong.empty()));
            } catch (RuntimeException expected) {
                assertThat(expected).hasStackTraceContaining("the change fails after the key was made");
            }
            assertThat(count(testbed, "naming_authorities WHERE hrn = 'ple'")).isZero();
            assertThat(count(testbed, "naming_authority_gids")).isZero();
            Path leftover = keyFile(testbed, "ple");

            // An authority added while the aggregate was not there to make its key has none yet...
            testbed.plc().namingAuthorities().keysWith(NamingAuthorityKeys.NONE);
            testbed.plc().namingAuthorities().addNamingAuthority(Caller.INTERNAL, new NewNamingAuthority("ple", "PlanetLab Europe",
                    java.util.OptionalLong.empty()));
            assertThat(count(testbed, "naming_authority_gids")).isZero();
            assertThat(hosted.hosts("ple")).isFalse();

            // ...and the next start completes it, and removes the leftover once it is old enough to be no one's.
            Files.setLastModifiedTime(leftover, FileTime.from(testbed.clock().instant().minus(Duration.ofHours(1))));
            hosted.complete();
            assertThat(count(testbed, "naming_authority_gids")).isEqualTo(1);
            assertThat(hosted.hosts("ple")).isTrue();
            assertThat(leftover).doesNotExist();
            assertThat(keyFile(testbed, "ple")).exists();
            hosted.signerFor("ple:inria").orElseThrow().gid().certificate().verify(testbed.authority().gid().certificate().getPublicKey());
            // With the aggregate's hook in place, AddNamingAuthority makes the key in its own change.
            testbed.plc().namingAuthorities().keysWith(hosted);
            long started = System.nanoTime();
            testbed.plc().namingAuthorities().addNamingAuthority(Caller.INTERNAL, new NewNamingAuthority("pla", "PlanetLab Asia",
                    java.util.OptionalLong.empty()));
            System.out.printf("AddNamingAuthority with its RSA-2048 key and GID: %.0f ms (%s)%n", (System.nanoTime() - started) / 1e6, kind);
            assertThat(hosted.hosts("pla")).isTrue();
            assertThat(count(testbed, "naming_authority_gids")).isEqualTo(2);
            // A second start changes nothing.
            Path made = keyFile(testbed, "ple");
            hosted.complete();
            assertThat(count(testbed, "naming_authority_gids")).isEqualTo(2);
            assertThat(keyFile(testbed, "ple")).isEqualTo(made);
        }
    }

    @Test
    void anSfaClientAndPlGeniConfigSetUpAUserOfTheSecondAuthority(@TempDir Path directory) throws Exception {
        Python.require();
        try (AmTestbed testbed = AmTestbed.start(StoreKind.SQLITE)) {
            testbed.addSecondAuthority();
            AmTestbed.RegistryPerson carol = testbed.person("carol@inria.example.org", Role.USER, "inria");
            long sliceId = testbed.plc().slices().addSlice(Caller.INTERNAL, NewSlice.described("inria_pyslice", "Python's", "https://py.example.org"));
            testbed.plc().sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(carol.personId()), SliceRef.of(sliceId));
            String output = SfaClientScript.run(testbed, carol, directory, "ple.inria.carol", "ple.inria.pyslice",
                    "urn:publicid:IDN+ple:inria+node+" + AmTestbed.INRIA_NODE);
            assertThat(output).contains("Resolve: type=user email=carol@inria.example.org has gid: True",
                    "List: ple.inria.carol,ple.inria.pyslice", "GetCredential authority: fault 3", "Allocate geni_code=0",
                    "Describe geni_code=0", "Delete geni_code=0");
            // The client's GID file holds the GID, ple's GID and PLC's root: the chain its TLS client certificate needs.
            List<X509Certificate> chain = Pem.readCertificates(Files.readString(directory.resolve("ple.inria.carol.user.gid")));
            assertThat(chain).extracting(gid -> Gid.of(gid).urn().toString()).containsExactly("urn:publicid:IDN+ple:inria+user+carol",
                    "urn:publicid:IDN+ple+authority+sa", "urn:publicid:IDN+plc+authority+sa");

            // pl geni config writes the same chain and ple.inria as SFI_AUTH.
            Path ca = directory.resolve("ca.pem");
            Path pem = Files.writeString(directory.resolve("carol.pem"), Pem.write(carol.keys().getPrivate()));
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
            Path sfi = directory.resolve("sfi");
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine command = new picocli.CommandLine(new org.planetlab.cli.geni.GeniCommand());
            command.setErr(new java.io.PrintWriter(err));
            int exit = command.execute("config", "--user", "ple.inria.carol", "--key", pem.toString(),
                    "--registry", "https://localhost:" + testbed.registryPort() + "/", "--am", "https://localhost:" + testbed.port() + "/",
                    "--ca", ca.toString(), "--dir", sfi.toString());
            assertThat(exit).as(err.toString()).isZero();
            assertThat(Files.readString(sfi.resolve("sfi_config"))).contains("SFI_AUTH='ple.inria'", "SFI_USER='ple.inria.carol'");
            List<X509Certificate> written = Pem.readCertificates(Files.readString(sfi.resolve("ple.inria.carol.user.gid")));
            assertThat(written).hasSize(3);
            assertThat(written.getFirst().getPublicKey()).isEqualTo(carol.keys().getPublic());
            SfaUser fromFiles = new SfaUser(carol, "ple.inria.carol", Files.readString(sfi.resolve("ple.inria.carol.user.cred")),
                    Gid.of(written.getFirst()), testbed.registryClient(carol.withChain(written)), testbed.client(carol.withChain(written)));
            assertThat(((Map<?, ?>) fromFiles.resolve("ple.inria.carol").getFirst()).get("email")).isEqualTo("carol@inria.example.org");
            AmClient.Result resources = fromFiles.aggregate().call("ListResources", List.of(AmTestbed.sfa(fromFiles.userCredential())), GENI_3);
            assertThat(resources.geniCode()).as(resources.toString()).isZero();
            assertThat((String) resources.value()).contains("urn:publicid:IDN+ple:inria+node+" + AmTestbed.INRIA_NODE);
        }
    }

    @Test
    void aClientPresentingItsBareUserGidPassesTheHandshakesOfTheRegistryAndTheAggregate(@TempDir Path directory) throws Exception {
        Python.require();
        try (AmTestbed testbed = AmTestbed.start(StoreKind.SQLITE)) {
            testbed.addSecondAuthority();
            AmTestbed.RegistryPerson dave = testbed.person("dave@inria.example.org", Role.USER, "inria");
            long sliceId = testbed.plc().slices().addSlice(Caller.INTERNAL, NewSlice.described("inria_bare", "bare GID", "https://py.example.org"));
            testbed.plc().sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(dave.personId()), SliceRef.of(sliceId));
            // Only dave's own GID, signed by ple: the servers complete the chain with ple's GID up to PLC's root.
            String output = SfaClientScript.run(testbed, dave, directory, "ple.inria.dave", "ple.inria.bare",
                    "urn:publicid:IDN+ple:inria+node+" + AmTestbed.INRIA_NODE, "--bare-gid");
            assertThat(Pem.readCertificates(Files.readString(directory.resolve("ple.inria.dave.user.gid"))))
                    .extracting(gid -> Gid.of(gid).urn().toString()).containsExactly("urn:publicid:IDN+ple:inria+user+dave");
            assertThat(output).contains("Resolve: type=user email=dave@inria.example.org has gid: True",
                    "List: ple.inria.bare,ple.inria.dave", "Allocate geni_code=0", "Describe geni_code=0", "Delete geni_code=0");

            // A bare GID signed by an authority PLC does not host still fails the aggregate's handshake.
            java.security.KeyPair strangerKeys = KeyAlgorithm.RSA_2048.generate(new java.security.SecureRandom());
            Gid stranger = new org.planetlab.am.gid.GidIssuer(testbed.clock(), new java.security.SecureRandom()).selfSigned(
                    HostedAuthorities.authorityUrn("pla"), strangerKeys, Duration.ofDays(30));
            java.security.KeyPair eveKeys = KeyAlgorithm.RSA_2048.generate(new java.security.SecureRandom());
            Gid eve = new org.planetlab.am.gid.GidIssuer(testbed.clock(), new java.security.SecureRandom()).issue(
                    new Urn("pla:site", "user", "eve"), eveKeys.getPublic(), false, Duration.ofDays(30),
                    strangerKeys.getPrivate(), stranger);
            AmClient refused = testbed.client(new AmTestbed.TestUser(eve, eveKeys,
                    new org.planetlab.trust.tls.TlsIdentity(eveKeys.getPrivate(), List.of(eve.certificate()))));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused.call("GetVersion"))
                    .isInstanceOf(Exception.class);
        }
    }

    private static List<Object> sites(SfaUser user, String authority) throws Exception {
        return ((List<?>) SfaUser.value(user.call("List", authority, List.of(user.userCredential())))).stream()
                .map(child -> ((Map<?, ?>) child).get("urn")).map(Object.class::cast).toList();
    }

    private static long count(AmTestbed testbed, String from) {
        return testbed.plc().database().read(handle -> handle.createQuery("SELECT COUNT(*) FROM " + from).mapTo(Long.class).one());
    }

    /** The one key file of authority {@code hrn}. */
    private static Path keyFile(AmTestbed testbed, String hrn) throws Exception {
        Path directory = testbed.plc().trust().directory().resolve("geni").resolve("authorities");
        try (var files = Files.list(directory)) {
            List<Path> keys = files.filter(path -> path.getFileName().toString().startsWith(hrn + "-")).toList();
            assertThat(keys).hasSize(1);
            return keys.getFirst();
        }
    }

    private static String princetonRequest(String hostname) {
        return "<rspec type=\"request\" xmlns=\"http://www.geni.net/resources/rspec/3\"><node component_id=\""
                + "urn:publicid:IDN+plc:princeton+node+" + hostname + "\" exclusive=\"false\"/></rspec>";
    }
}
