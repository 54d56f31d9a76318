package org.planetlab.am.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.trust.key.Pem;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.planetlab.am.testing.AmClient;
import org.planetlab.am.testing.AmTestbed;
import org.planetlab.am.testing.Python;
import org.planetlab.am.testing.SfaClientScript;
import org.planetlab.am.testing.SfaUser;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.testing.StoreKind;

/**
 * The SFA registry over real TLS, driven as sfi drives it: a PI and a user bootstrap with
 * GetSelfCredential from self-signed certificates of keys PLC holds for them, the PI registers a
 * slice with the user as researcher, the user gets the slice credential and uses it at the
 * aggregate; Resolve, List, Update and Remove show and change ordinary PLC records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryEndToEndTest {
    private AmTestbed testbed;

    @BeforeAll
    void start() {
        testbed = AmTestbed.start(StoreKind.SQLITE);
    }

    @AfterAll
    void stop() {
        testbed.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPiAndAUserBootstrapRegisterASliceAndUseItsCredentialAtTheAggregate() throws Exception {
        SfaUser pi = SfaUser.bootstrap(testbed, testbed.person("bob.pi@princeton.example.org", Role.PI), "plc.princeton.bob_pi");
        SfaUser alice = SfaUser.bootstrap(testbed, testbed.person("alice@princeton.example.org", Role.USER), "plc.princeton.alice");

        Map<String, Object> version = (Map<String, Object>) SfaUser.value(alice.call("GetVersion"));
        assertThat(version).containsEntry("interface", "registry").containsEntry("hrn", "plc")
                .containsEntry("urn", "urn:publicid:IDN+plc+authority+sa");

        // The GID names the person's URN and address, is for the key they hold, and chains to PLC's authority.
        X509Certificate gid = alice.gid().certificate();
        assertThat(alice.gid().urn().toString()).isEqualTo("urn:publicid:IDN+plc:princeton+user+alice");
        assertThat(gid.getPublicKey()).isEqualTo(alice.person().keys().getPublic());
        assertThat(gid.getSubjectAlternativeNames()).anySatisfy(name -> assertThat(name.get(1)).isEqualTo("alice@princeton.example.org"));
        gid.verify(testbed.authority().gid().certificate().getPublicKey());

        Map<String, Object> self = (Map<String, Object>) alice.resolve("plc.princeton.alice").getFirst();
        assertThat(self).containsEntry("type", "user").containsEntry("email", "alice@princeton.example.org")
                .containsEntry("authority", "plc.princeton");
        assertThat((List<String>) self.get("reg-keys")).singleElement().asString().startsWith("ssh-rsa ");
        assertThat((String) self.get("gid")).contains("BEGIN CERTIFICATE");

        String authority = pi.credential("plc.princeton", "authority");
        String gidOfSlice = (String) SfaUser.value(pi.call("Register", Map.of("type", "slice", "hrn", "plc.princeton.codeen",
                "description", "a CDN", "url", "https://codeen.example.org", "reg-researchers", List.of("plc.princeton.alice")),
                List.of(authority)));
        assertThat(gidOfSlice).contains("BEGIN CERTIFICATE");
        SliceDetails slice = plcSlice();
        assertThat(slice.description()).contains("a CDN");
        List<Long> users = testbed.plc().database().read(handle -> testbed.plc().sliceMembership()
                .users(handle, Caller.INTERNAL, SliceRef.of("princeton_codeen")));
        assertThat(users).containsExactly(alice.person().personId());

        Map<String, Object> sliceRecord = (Map<String, Object>) alice.resolve("urn:publicid:IDN+plc:princeton+slice+codeen").getFirst();
        assertThat(sliceRecord).containsEntry("hrn", "plc.princeton.codeen").containsEntry("reg-researchers", List.of("plc.princeton.alice"));
        // List shows the persons PLC shows the caller: a PI their site's, a user only themselves.
        List<Map<String, Object>> children = (List<Map<String, Object>>) SfaUser.value(pi.call("List", "plc.princeton", pi.userCredential()));
        assertThat(children).extracting(child -> child.get("hrn"))
                .contains("plc.princeton.alice", "plc.princeton.bob_pi", "plc.princeton.codeen");
        List<Map<String, Object>> seenByUser = (List<Map<String, Object>>) SfaUser.value(alice.call("List", "plc.princeton", alice.userCredential()));
        assertThat(seenByUser).extracting(child -> child.get("hrn")).contains("plc.princeton.alice", "plc.princeton.codeen")
                .doesNotContain("plc.princeton.bob_pi");
        List<Map<String, Object>> sites = (List<Map<String, Object>>) SfaUser.value(alice.call("List", "plc", List.of(alice.userCredential())));
        assertThat(sites).extracting(child -> child.get("urn")).containsExactly("urn:publicid:IDN+plc:princeton+authority+sa");

        // The slice credential from the registry is what the aggregate asks for.
        String sliceCredential = alice.credential("plc.princeton.codeen", "slice");
        String sliceUrn = "urn:publicid:IDN+plc:princeton+slice+codeen";
        List<Object> credentials = List.of(AmTestbed.sfa(sliceCredential));
        AmClient.Result allocated = alice.aggregate().call("Allocate", sliceUrn, credentials,
                "<rspec type=\"request\" xmlns=\"http://www.geni.net/resources/rspec/3\"><node component_id=\"urn:publicid:IDN+plc:princeton+node+"
                        + AmTestbed.NODE_1 + "\" exclusive=\"false\"/></rspec>", Map.of());
        assertThat(allocated.geniCode()).as(allocated.toString()).isZero();
        AmClient.Result described = alice.aggregate().call("Describe", List.of(sliceUrn), credentials,
                Map.of("geni_rspec_version", Map.of("type", "GENI", "version", "3")));
        assertThat(described.geniCode()).as(described.toString()).isZero();
        // The aggregate acted as alice's own PLC account, which the registry mapped to her URN.
        assertThat(testbed.plc().events().events(Caller.INTERNAL, org.planetlab.plc.event.EventQuery.latest(10).call("Allocate"))
                .getFirst().personId()).contains(alice.person().personId());

        assertThat(SfaUser.value(pi.call("Update", Map.of("type", "slice", "hrn", "plc.princeton.codeen", "description", "a faster CDN"),
                List.of(authority)))).isEqualTo(1L);
        assertThat(plcSlice().description()).contains("a faster CDN");
        assertThat(SfaUser.value(pi.call("Remove", "plc.princeton.codeen", List.of(authority), "slice"))).isEqualTo(1L);
        assertThat(testbed.plc().slices().slice(Caller.INTERNAL, SliceRef.of("princeton_codeen"))).isEmpty();

        // The PI registers a user under the name asked for; keys are the person's (or an operator's) to add, as PLC rules.
        java.security.KeyPair erinKeys = org.planetlab.trust.key.KeyAlgorithm.RSA_2048.generate(new java.security.SecureRandom());
        org.planetlab.api.wire.XmlRpcResponse withKey = pi.call("Register", Map.of("type", "user", "hrn", "plc.princeton.erin",
                "email", "erin.w@princeton.example.org", "reg-keys", List.of(org.planetlab.am.testing.SshRsaLine.of(erinKeys.getPublic(), "erin"))),
                List.of(authority));
        assertThat(withKey).isInstanceOfSatisfying(org.planetlab.api.wire.XmlRpcResponse.Fault.class, fault ->
                assertThat(fault.faultString()).contains("only their own keys"));
        assertThat(testbed.plc().persons().person(Caller.INTERNAL, PersonRef.of("erin.w@princeton.example.org"))).isEmpty();
        assertThat(SfaUser.value(pi.call("Register", Map.of("type", "user", "hrn", "plc.princeton.erin",
                "email", "erin.w@princeton.example.org"), List.of(authority)))).isEqualTo("");
        Map<String, Object> erin = (Map<String, Object>) pi.resolve("plc.princeton.erin").getFirst();
        assertThat(erin).containsEntry("email", "erin.w@princeton.example.org").containsEntry("urn", "urn:publicid:IDN+plc:princeton+user+erin");
        assertThat(SfaUser.value(pi.call("Remove", "plc.princeton.erin", List.of(authority), "user"))).isEqualTo(1L);
        assertThat(testbed.plc().persons().person(Caller.INTERNAL, PersonRef.of("erin.w@princeton.example.org"))).isEmpty();
    }

    @Test
    void anSfaClientOnPythonsStandardLibraryBootstrapsAndAllocatesWithTheRegistrysCredential(@TempDir Path directory) throws Exception {
        Python.require();
        AmTestbed.RegistryPerson carol = testbed.person("carol@princeton.example.org", Role.USER);
        long sliceId = testbed.plc().slices().addSlice(Caller.INTERNAL, NewSlice.described("princeton_pyslice", "Python's", "https://py.example.org"));
        testbed.plc().sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(carol.personId()), SliceRef.of(sliceId));
        String output = SfaClientScript.run(testbed, carol, directory, "plc.princeton.carol", "plc.princeton.pyslice",
                "urn:publicid:IDN+plc:princeton+node+" + AmTestbed.NODE_2);
        assertThat(output).contains("GetVersion: interface=registry hrn=plc",
                "Resolve: type=user email=carol@princeton.example.org has gid: True", "List: plc.princeton.carol,plc.princeton.pyslice",
                "GetCredential authority: fault 3", "Allocate geni_code=0", "Describe geni_code=0", "Delete geni_code=0");
        // The GID the client wrote is PLC's, for carol's key.
        X509Certificate gid = Pem.readCertificates(Files.readString(directory.resolve("plc.princeton.carol.user.gid"))).getFirst();
        assertThat(gid.getPublicKey()).isEqualTo(carol.keys().getPublic());
    }

    @Test
    void plGeniConfigWritesAnSfiDirectoryWhoseGidAndCredentialWorkAtTheRegistry(@TempDir Path directory) throws Exception {
        AmTestbed.RegistryPerson dave = testbed.person("dave@princeton.example.org", Role.USER);
        Path key = Files.writeString(directory.resolve("dave.pem"), Pem.write(dave.keys().getPrivate()));
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path ca = Files.writeString(directory.resolve("tls-ca.pem"), Pem.write(testbed.serverCa()));
        Path sfi = directory.resolve("sfi");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine command = new picocli.CommandLine(new org.planetlab.cli.geni.GeniCommand());
        command.setOut(new java.io.PrintWriter(out));
        command.setErr(new java.io.PrintWriter(err));
        int exit = command.execute("config", "--user", "plc.princeton.dave", "--key", key.toString(),
                "--registry", "https://localhost:" + testbed.registryPort() + "/", "--am", "https://localhost:" + testbed.port() + "/",
                "--ca", ca.toString(), "--dir", sfi.toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(Files.readString(sfi.resolve("sfi_config"))).contains("SFI_AUTH='plc.princeton'", "SFI_USER='plc.princeton.dave'",
                "SFI_REGISTRY='https://localhost:" + testbed.registryPort() + "/'", "SFI_SM='https://localhost:" + testbed.port() + "/'");
        X509Certificate gid = Pem.readCertificates(Files.readString(sfi.resolve("plc.princeton.dave.user.gid"))).getFirst();
        assertThat(org.planetlab.am.gid.Gid.of(gid).urn().toString()).isEqualTo("urn:publicid:IDN+plc:princeton+user+dave");
        assertThat(Files.getPosixFilePermissions(sfi.resolve("plc.princeton.dave.pkey")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        // What it wrote is what an SFA client needs: the GID and credential resolve at the registry.
        SfaUser fromFiles = new SfaUser(dave, "plc.princeton.dave", Files.readString(sfi.resolve("plc.princeton.dave.user.cred")),
                org.planetlab.am.gid.Gid.of(gid), testbed.registryClient(dave.withGid(gid, testbed.authority().gid().certificate())), null);
        assertThat(((Map<String, Object>) fromFiles.resolve("plc.princeton.dave").getFirst()).get("email")).isEqualTo("dave@princeton.example.org");
        // A key PLC does not hold for the person gets nothing.
        Path other = Files.writeString(directory.resolve("other.pem"), Pem.write(org.planetlab.trust.key.KeyAlgorithm.RSA_2048
                .generate(new java.security.SecureRandom()).getPrivate()));
        Files.setPosixFilePermissions(other, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int refused = command.execute("config", "--user", "plc.princeton.dave", "--key", other.toString(),
                "--registry", "https://localhost:" + testbed.registryPort() + "/", "--am", "https://localhost:" + testbed.port() + "/",
                "--ca", ca.toString(), "--dir", directory.resolve("other").toString());
        assertThat(refused).isEqualTo(1);
        assertThat(err.toString()).contains("none of the RSA keys");
    }

    private SliceDetails plcSlice() {
        return testbed.plc().slices().slice(Caller.INTERNAL, SliceRef.of("princeton_codeen")).orElseThrow();
    }
}
