package org.planetlab.am.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.planetlab.am.credential.CredentialSigner;
import org.planetlab.am.credential.Privilege;
import org.planetlab.am.gid.Gid;
import org.planetlab.am.gid.GidIssuer;
import org.planetlab.am.testing.AmClient;
import org.planetlab.am.testing.AmTestbed;
import org.planetlab.am.testing.SfaUser;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.method.Role;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * Hostile calls to the registry: other people's keys, slices and credentials, forged GIDs,
 * expired and altered credentials, keys PLC no longer holds, odd names. Each must be refused with
 * SFA's fault (the GENI code) and a message that says why; it prints {@code N/N rejected}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryHostileTest {
    private static final int BADARGS = 1;
    private static final int FORBIDDEN = 3;
    private static final int REFUSED = 7;
    private static final int SEARCHFAILED = 12;

    private AmTestbed testbed;

    @BeforeAll
    void start() {
        testbed = AmTestbed.start(StoreKind.SQLITE);
    }

    @AfterAll
    void stop() {
        testbed.close();
    }

    private record Case(String name, XmlRpcResponse answer, int expectedCode, String expectedText) {}

    @Test
    void everyHostileRegistryCallIsRefusedWithItsFaultAndAReason() throws Exception {
        AmTestbed.RegistryPerson alicePerson = testbed.person("alice@princeton.example.org", Role.USER);
        SfaUser alice = SfaUser.bootstrap(testbed, alicePerson, "plc.princeton.alice");
        SfaUser carol = SfaUser.bootstrap(testbed, testbed.person("carol@princeton.example.org", Role.USER), "plc.princeton.carol");
        SfaUser dave = SfaUser.bootstrap(testbed, testbed.person("dave@princeton.example.org", Role.USER), "plc.princeton.dave");
        AmTestbed.RegistryPerson mallory = testbed.person("mallory@princeton.example.org", Role.USER);
        long sliceId = testbed.plc().slices().addSlice(Caller.INTERNAL, NewSlice.described("princeton_codeen", "a CDN", "https://codeen.example.org"));
        testbed.plc().sliceMembership().addPerson(Caller.INTERNAL, PersonRef.of(alicePerson.personId()), SliceRef.of(sliceId));
        String sliceCredential = alice.credential("plc.princeton.codeen", "slice");
        String cred = alice.userCredential();
        AmClient asMallory = testbed.registryClient(mallory.selfSignedTls());

        // A GID and credential made by an authority of mallory's own, also named plc.
        KeyPair forgedRootKeys = KeyAlgorithm.RSA_2048.generate(new java.security.SecureRandom());
        GidIssuer issuer = new GidIssuer(testbed.clock(), new java.security.SecureRandom());
        Gid forgedRoot = issuer.selfSigned(new Urn("plc", "authority", "sa"), forgedRootKeys, Duration.ofDays(30));
        Gid forgedAlice = issuer.issue(alice.gid().urn(), mallory.keys().getPublic(), false, Duration.ofDays(30),
                forgedRootKeys.getPrivate(), forgedRoot);
        String forgedCredential = new CredentialSigner().sign(new CredentialSigner.Content(forgedAlice, forgedAlice,
                testbed.clock().instant().plus(Duration.ofDays(1)), List.of(new Privilege("authority", true)), Optional.empty()),
                forgedRootKeys.getPrivate(), List.of(forgedRoot.certificate()));
        AmClient asForgedAlice = testbed.registryClient(new TlsIdentity(mallory.keys().getPrivate(),
                List.of(forgedAlice.certificate(), forgedRoot.certificate())));
        String expired = new CredentialSigner().sign(new CredentialSigner.Content(alice.gid(), alice.gid(),
                testbed.clock().instant().minusSeconds(60), List.of(new Privilege("resolve", true)), Optional.empty()),
                testbed.authority().privateKey(), List.of(testbed.authority().gid().certificate()));

        List<Case> cases = new ArrayList<>();
        cases.add(new Case("no client certificate", testbed.registryClientWithoutCertificate().raw("Resolve", "plc.princeton.alice", cred),
                FORBIDDEN, "no client certificate"));
        cases.add(new Case("GetSelfCredential with someone else's name", asMallory.raw("GetSelfCredential",
                Pem.write(mallory.selfSigned()), "plc.princeton.alice", "user"), FORBIDDEN, "none of the RSA keys"));
        cases.add(new Case("GetSelfCredential with a certificate not the connection's", testbed.registryClient(alicePerson.selfSignedTls())
                .raw("GetSelfCredential", Pem.write(mallory.selfSigned()), "plc.princeton.alice", "user"), FORBIDDEN, "not for the key"));
        cases.add(new Case("GetSelfCredential of no one", asMallory.raw("GetSelfCredential", Pem.write(mallory.selfSigned()),
                "plc.princeton.nobody", "user"), SEARCHFAILED, "no user"));
        cases.add(new Case("forged GID and credential", asForgedAlice.raw("Resolve", "plc.princeton.alice", forgedCredential),
                FORBIDDEN, "does not chain to a trusted authority"));
        cases.add(new Case("someone else's credential", asMallory.raw("Resolve", "plc.princeton.alice", cred),
                FORBIDDEN, "not to the caller"));
        cases.add(new Case("someone else's slice", carol.call("GetCredential", carol.userCredential(), "plc.princeton.codeen", "slice"),
                FORBIDDEN, "is not a user of"));
        cases.add(new Case("someone else's user credential", alice.call("GetCredential", cred, "plc.princeton.carol", "user"),
                FORBIDDEN, "only to its user"));
        cases.add(new Case("an authority credential for a user", alice.call("GetCredential", cred, "plc.princeton", "authority"),
                FORBIDDEN, "PIs of its site"));
        cases.add(new Case("Register with a user credential", alice.call("Register", Map.of("type", "slice", "hrn", "plc.princeton.mine"),
                List.of(cred)), FORBIDDEN, "do not grant \"register\""));
        cases.add(new Case("Remove with a credential for something else", carol.call("Remove", "plc.princeton.codeen",
                List.of(carol.userCredential()), "slice"), FORBIDDEN, "no credential given covers"));
        cases.add(new Case("a slice credential used by someone else", carol.call("Remove", "plc.princeton.codeen",
                List.of(sliceCredential), "slice"), FORBIDDEN, "not to the caller"));
        cases.add(new Case("expired credential", alice.call("Resolve", "plc.princeton.alice", expired), FORBIDDEN, "expired"));
        cases.add(new Case("privilege added after signing", alice.call("Resolve", "plc.princeton.alice",
                cred.replace("<name>info</name>", "<name>authority</name>")), FORBIDDEN, "changed after it was signed"));
        cases.add(new Case("escaped URN", alice.call("GetCredential", cred, "urn:publicid:IDN+plc:princeton+slice+co%20deen", "slice"),
                BADARGS, "URN name"));
        cases.add(new Case("markup in an hrn", alice.call("Resolve", "plc.princeton.<script>", cred), BADARGS, "not an hrn"));
        cases.add(new Case("empty hrn part", alice.call("GetCredential", cred, "plc..codeen", "slice"), BADARGS, "not an hrn"));
        cases.add(new Case("non-ASCII URN", alice.call("Resolve", "urn:publicid:IDN+plc:princeton+user+al\u00efce", cred), BADARGS, "URN name"));
        cases.add(new Case("node record type", alice.call("GetCredential", cred, "plc.princeton.node1", "node"), BADARGS, "record type"));
        cases.add(new Case("slice of another authority", alice.call("GetCredential", cred, "urn:publicid:IDN+ple:inria+slice+x", "slice"),
                REFUSED, "other authorities"));
        cases.add(new Case("unknown record", alice.call("Resolve", "plc.princeton.nothing_here", cred), SEARCHFAILED, "no record"));
        // A GID whose key the person removed from their account no longer works.
        long daveKey = testbed.plc().database().read(handle -> testbed.plc().keys().keys(handle, Caller.INTERNAL,
                PersonRef.of(dave.person().personId()))).getFirst().keyId();
        testbed.plc().keys().deleteKey(Caller.INTERNAL, daveKey);
        cases.add(new Case("GID of a key removed from PLC", dave.call("Resolve", "plc.princeton.dave", dave.userCredential()),
                FORBIDDEN, "no longer one of their keys"));

        int rejected = 0;
        for (Case hostile : cases) {
            assertThat(hostile.answer()).as(hostile.name()).isInstanceOf(XmlRpcResponse.Fault.class);
            XmlRpcResponse.Fault fault = (XmlRpcResponse.Fault) hostile.answer();
            assertThat(fault.faultCode()).as(hostile.name() + ": " + fault.faultString()).isEqualTo(hostile.expectedCode());
            assertThat(fault.faultString()).as(hostile.name()).contains(hostile.expectedText());
            rejected++;
        }
        System.out.println("registry hostile calls: " + rejected + "/" + cases.size() + " rejected");
        assertThat(rejected).isEqualTo(cases.size());
        // Nothing hostile changed the slice.
        assertThat(testbed.plc().slices().slice(Caller.INTERNAL, SliceRef.of("princeton_codeen"))).isPresent();
    }
}
