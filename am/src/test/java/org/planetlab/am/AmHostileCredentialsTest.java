package org.planetlab.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.SignatureMethod;
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
import org.planetlab.am.testing.XmlEdits;
import org.planetlab.am.urn.Urn;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.trust.key.KeyAlgorithm;
import org.w3c.dom.Element;

/**
 * Hostile credentials and URNs against a running aggregate: every variant must be refused with
 * the AM API's code (FORBIDDEN for credentials, BADARGS for malformed URNs) and a message that
 * says why, and the slice must stay untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmHostileCredentialsTest {
    private static final List<Privilege> SLICE_PRIVILEGES = List.of(new Privilege("refresh", true), new Privilege("info", true),
            new Privilege("control", true));

    private AmTestbed testbed;
    private AmTestbed.TestUser alice;
    private AmTestbed.TestUser bob;
    private AmTestbed.TestUser carol;
    private AmClient asAlice;
    private AmClient asBob;

    @BeforeAll
    void start() {
        testbed = AmTestbed.start(StoreKind.SQLITE);
        testbed.addSecondAuthority();
        alice = testbed.user("alice");
        bob = testbed.user("bob");
        carol = testbed.user("carol");
        asAlice = testbed.client(alice);
        asBob = testbed.client(bob);
    }

    @AfterAll
    void stop() {
        testbed.close();
    }

    private record Case(String name, Supplier<AmClient.Result> call, int expectedCode, String expectedText) {}

    @Test
    void everyHostileCredentialAndUrnIsRefusedWithTheSpecCodeAndAReason() throws Exception {
        String valid = testbed.sliceCredential(alice, "target");
        assertThat(allocate(asAlice, "target", valid).geniCode()).as("the valid credential works").isZero();
        String slice = AmTestbed.sliceUrn("target").toString();
        List<Case> cases = new ArrayList<>();

        // Signatures and their shape.
        cases.add(forbidden("unsigned", asAlice, XmlEdits.edit(valid, document -> {
            Element signatures = XmlEdits.signatures(document);
            while (signatures.getFirstChild() != null) {
                signatures.removeChild(signatures.getFirstChild());
            }
        }), "no signature references"));
        cases.add(forbidden("privilege added after signing", asAlice,
                valid.replace("<name>info</name>", "<name>*</name>"), "changed after it was signed"));
        cases.add(forbidden("expiry moved after signing", asAlice,
                valid.replaceFirst("<expires>[^<]*</expires>", "<expires>2099-01-01T00:00:00Z</expires>"), "changed after it was signed"));
        cases.add(forbidden("reference to the whole document", asAlice, XmlEdits.edit(valid, document ->
                XmlEdits.first(document, "Reference").setAttribute("URI", "")), "reference URI"));
        cases.add(forbidden("XPointer reference", asAlice, XmlEdits.edit(valid, document ->
                XmlEdits.first(document, "Reference").setAttribute("URI", "#xpointer(/)")), "reference URI"));
        cases.add(forbidden("ds:Object smuggled into the signature", asAlice, XmlEdits.edit(valid, document -> {
            Element signature = XmlEdits.first(document, "Signature");
            signature.appendChild(document.createElementNS(XmlEdits.DS, "ds:Object"));
        }), "ds:Object"));
        cases.add(forbidden("two signatures for one credential", asAlice, XmlEdits.edit(valid, document -> {
            Element signature = XmlEdits.first(document, "Signature");
            signature.getParentNode().appendChild(signature.cloneNode(true));
        }), "two signatures"));
        cases.add(forbidden("HMAC signature method", asAlice, XmlEdits.edit(valid, document ->
                XmlEdits.first(document, "SignatureMethod").setAttribute("Algorithm", "http://www.w3.org/2000/09/xmldsig#hmac-sha1")),
                "not accepted"));
        cases.add(forbidden("RSA-SHA1 without the opt-in", asAlice, new CredentialSigner(SignatureMethod.RSA_SHA1, DigestMethod.SHA1)
                .sign(content(alice, "target", SLICE_PRIVILEGES, Duration.ofDays(30)), testbed.authority().privateKey(),
                        List.of(testbed.authority().gid().certificate())), "SHA-1"));
        cases.add(forbidden("no certificate in KeyInfo", asAlice, XmlEdits.edit(valid, document -> {
            Element keyInfo = XmlEdits.first(document, "KeyInfo");
            keyInfo.getParentNode().removeChild(keyInfo);
        }), "carries no X509Certificate"));
        cases.add(forbidden("document type with an entity", asAlice, valid.replace("<signed-credential>",
                "<!DOCTYPE signed-credential [<!ENTITY x \"privilege\">]><signed-credential>"), "credential refused"));
        cases.add(forbidden("comment inside the signed credential", asAlice,
                valid.replace("<type>privilege</type>", "<type>privilege<!-- hidden --></type>"), "credential refused"));

        // Signature wrapping.
        cases.add(forbidden("wrapping: forged credential with the signed one's id, signed one moved into its parent", asAlice,
                XmlEdits.edit(valid, document -> {
                    Element signed = XmlEdits.topCredential(document);
                    Element forged = (Element) signed.cloneNode(true);
                    forged.getElementsByTagName("target_urn").item(0).setTextContent(AmTestbed.sliceUrn("victim").toString());
                    Element parent = document.createElement("parent");
                    parent.appendChild(signed.cloneNode(true));
                    forged.appendChild(parent);
                    document.getDocumentElement().replaceChild(forged, signed);
                }), "carried by 2 elements"));
        cases.add(forbidden("wrapping: forged credential with a new id over the signed one", asAlice,
                XmlEdits.edit(valid, document -> {
                    Element signed = XmlEdits.topCredential(document);
                    Element forged = (Element) signed.cloneNode(true);
                    forged.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:id", "forged");
                    forged.getElementsByTagName("name").item(0).setTextContent("*");
                    Element parent = document.createElement("parent");
                    parent.appendChild(signed.cloneNode(true));
                    forged.appendChild(parent);
                    document.getDocumentElement().replaceChild(forged, signed);
                }), "no signature references credential forged"));
        cases.add(forbidden("wrapping: a second id attribute of the same value elsewhere", asAlice,
                XmlEdits.edit(valid, document -> XmlEdits.first(document, "privileges").setAttribute("id",
                        XmlEdits.topCredential(document).getAttributeNS("http://www.w3.org/XML/1998/namespace", "id"))),
                "carried by 2 elements"));
        cases.add(forbidden("unknown element beside the credential", asAlice, XmlEdits.edit(valid, document ->
                document.getDocumentElement().appendChild(document.createElement("extension"))), "unexpected <extension>"));

        // Trust, targets, owners, expiry.
        KeyPair rogueKeys = KeyAlgorithm.RSA_2048.generate(new java.security.SecureRandom());
        Gid rogue = new GidIssuer(testbed.clock(), new java.security.SecureRandom()).selfSigned(new Urn("plc", "authority", "sa"),
                rogueKeys, Duration.ofDays(30));
        cases.add(forbidden("signed by an untrusted authority of the same name", asAlice, new CredentialSigner().sign(
                content(alice, "target", SLICE_PRIVILEGES, Duration.ofDays(30)), rogueKeys.getPrivate(), List.of(rogue.certificate())),
                "does not chain to a trusted authority"));
        cases.add(forbidden("signed by a user, not an authority", asAlice, new CredentialSigner().sign(
                content(alice, "target", SLICE_PRIVILEGES, Duration.ofDays(30)), carol.keys().getPrivate(),
                List.of(carol.gid().certificate(), testbed.authority().gid().certificate())), "may not grant privileges"));
        KeyPair otherKeys = KeyAlgorithm.RSA_2048.generate(new java.security.SecureRandom());
        Gid otherAuthority = new GidIssuer(testbed.clock(), new java.security.SecureRandom()).issue(new Urn("plc:mit", "authority", "sa"),
                otherKeys.getPublic(), true, Duration.ofDays(30), testbed.authority().privateKey(), testbed.authority().gid());
        cases.add(forbidden("signed by another site's authority", asAlice, new CredentialSigner().sign(
                content(alice, "target", SLICE_PRIVILEGES, Duration.ofDays(30)), otherKeys.getPrivate(),
                List.of(otherAuthority.certificate(), testbed.authority().gid().certificate())), "may not grant privileges"));
        // The authorities PLC hosts besides its own: each signs for its own names only.
        org.planetlab.am.gid.HostedAuthorities.Signer ple = testbed.hosted().signerFor("ple").orElseThrow();
        cases.add(forbidden("signed by another of PLC's authorities (ple) for a plc slice", asAlice, new CredentialSigner().sign(
                content(alice, "target", SLICE_PRIVILEGES, Duration.ofDays(30)), ple.key(), ple.chain()),
                "urn:publicid:IDN+ple+authority+sa may not grant privileges on " + slice));
        Gid pla = new GidIssuer(testbed.clock(), new java.security.SecureRandom()).issue(new Urn("pla", "authority", "sa"),
                otherKeys.getPublic(), true, Duration.ofDays(30), testbed.authority().privateKey(), testbed.authority().gid());
        cases.add(forbidden("signed by an authority PLC's root signed but PLC does not host", asAlice, new CredentialSigner().sign(
                content(alice, "target", SLICE_PRIVILEGES, Duration.ofDays(30)), otherKeys.getPrivate(),
                List.of(pla.certificate(), testbed.authority().gid().certificate())), "may not vouch for urn:publicid:IDN+pla+authority+sa"));
        Gid roguePle = new GidIssuer(testbed.clock(), new java.security.SecureRandom()).selfSigned(new Urn("ple", "authority", "sa"),
                otherKeys, Duration.ofDays(30));
        cases.add(forbidden("signed by a self-made ple authority", asAlice, new CredentialSigner().sign(
                content(alice, "target", SLICE_PRIVILEGES, Duration.ofDays(30)), otherKeys.getPrivate(), List.of(roguePle.certificate())),
                "does not chain to a trusted authority"));
        KeyPair malloryKeys = KeyAlgorithm.RSA_2048.generate(new java.security.SecureRandom());
        Gid mallory = new GidIssuer(testbed.clock(), new java.security.SecureRandom()).issue(new Urn("plc:princeton", "user", "mallory"),
                malloryKeys.getPublic(), false, Duration.ofDays(30), ple.key(), ple.gid());
        AmClient asMallory = testbed.client(new AmTestbed.TestUser(mallory, malloryKeys, new org.planetlab.trust.tls.TlsIdentity(
                malloryKeys.getPrivate(), List.of(mallory.certificate(), ple.gid().certificate(), testbed.authority().gid().certificate()))));
        cases.add(forbidden("a caller whose GID ple issued for a plc name", asMallory, valid,
                "urn:publicid:IDN+ple+authority+sa may not vouch for urn:publicid:IDN+plc:princeton+user+mallory"));
        cases.add(forbidden("wrong target", asAlice, testbed.sliceCredential(alice, "other"), "no valid credential for " + slice));
        cases.add(forbidden("someone else's credential", asBob, valid, "not to the caller"));
        cases.add(forbidden("expired", asAlice, new CredentialSigner().sign(content(alice, "target", SLICE_PRIVILEGES,
                Duration.ofSeconds(-60)), testbed.authority().privateKey(), List.of(testbed.authority().gid().certificate())), "expired at"));
        cases.add(forbidden("privilege missing", asAlice, testbed.sliceCredential(alice, "target", Duration.ofDays(30),
                List.of(new Privilege("info", true))), "do not grant the \"refresh\""));
        cases.add(forbidden("target_gid swapped after signing", asAlice, XmlEdits.edit(valid, document ->
                XmlEdits.first(document, "target_gid").setTextContent(Gid.base64(alice.gid().certificate()))), "credential refused"));
        cases.add(forbidden("odd characters in the target URN", asAlice, new CredentialSigner().sign(new CredentialSigner.Content(
                alice.gid(), testbed.authority().gid(), testbed.clock().instant().plus(Duration.ofDays(1)), SLICE_PRIVILEGES, Optional.empty()),
                testbed.authority().privateKey(), List.of(testbed.authority().gid().certificate()))
                .replace(testbed.authority().gid().urn().toString(), "urn:publicid:IDN+plc:princeton+slice+tar get"), "URN name \"tar get\""));

        // Delegation.
        cases.add(forbidden("delegation chain broken (signed by someone else than the parent's owner)", asBob,
                delegate(valid, bob, carol, SLICE_PRIVILEGES, Duration.ofDays(1)), "delegation chain is broken"));
        cases.add(forbidden("over-delegation: a privilege the parent may not delegate", asBob,
                delegate(testbed.sliceCredential(alice, "target", Duration.ofDays(30), List.of(new Privilege("refresh", false),
                        new Privilege("info", true))), bob, alice, List.of(new Privilege("refresh", false)), Duration.ofDays(1)),
                "does not hold or may not delegate"));
        cases.add(forbidden("over-delegation: a privilege the parent does not hold", asBob,
                delegate(testbed.sliceCredential(alice, "target", Duration.ofDays(30), List.of(new Privilege("info", true))), bob, alice,
                        List.of(new Privilege("refresh", false), new Privilege("info", false)), Duration.ofDays(1)),
                "does not hold or may not delegate"));
        cases.add(forbidden("over-delegation: expires after the parent", asBob,
                delegate(valid, bob, alice, SLICE_PRIVILEGES, Duration.ofDays(60)), "after the credential it was delegated from"));
        cases.add(forbidden("delegation to another target", asBob, XmlEdits.edit(delegate(valid, bob, alice, SLICE_PRIVILEGES,
                Duration.ofDays(1)), document -> { }).replaceFirst("\\+slice\\+target</target_urn>", "+slice+target2</target_urn>"),
                "credential refused"));

        java.security.KeyPairGenerator weakGenerator = java.security.KeyPairGenerator.getInstance("RSA");
        weakGenerator.initialize(1024);
        KeyPair weakKeys = weakGenerator.generateKeyPair();
        Gid weakBob = testbed.authority().issue(new Urn("plc:princeton", "user", "weakbob"), weakKeys.getPublic(), Duration.ofDays(1));
        AmTestbed.TestUser weak = new AmTestbed.TestUser(weakBob, weakKeys, new org.planetlab.trust.tls.TlsIdentity(weakKeys.getPrivate(),
                List.of(weakBob.certificate(), testbed.authority().gid().certificate())));
        cases.add(forbidden("delegation signed with a 1024-bit RSA key", asBob, delegate(
                testbed.sliceCredential(weak, "target"), bob, weak, SLICE_PRIVILEGES, Duration.ofDays(1)), "at least 2048 are required"));

        // URNs with odd characters, as call arguments.
        for (String urn : List.of("urn:publicid:IDN+plc:princeton+slice+tar get", "urn:publicid:IDN+plc:princeton+slice+target%00",
                "urn:publicid:IDN+plc:princeton+slice+<script>", "urn:publicid:IDN+plc:princeton+slice+t\u00e4rget",
                "urn:publicid:IDN+plc:princeton+slice+..", "urn:publicid:IDN+plc:princeton+slice+a+b",
                "urn:publicid:IDN+plc:Princeton+slice+target", "urn:publicid:IDN+plc::princeton+slice+target",
                "urn:publicid:IDN+plc:princeton+slyce+target", "urn:publicid:IDN+plc:princeton+slice+target\n",
                "urn:publicid:IDN+plc:princeton+slice+" + "x".repeat(300), "plc.princeton.target", "")) {
            cases.add(new Case("URN " + urn.replace("\n", "\\n").substring(0, Math.min(70, urn.length())),
                    () -> call(asAlice, "Status", List.of(urn), List.of(AmTestbed.sfa(valid)), Map.of()), 1, "URN"));
        }

        int rejected = 0;
        List<String> failures = new ArrayList<>();
        for (Case hostile : cases) {
            AmClient.Result result = hostile.call().get();
            boolean ok = result.geniCode() == hostile.expectedCode() && result.output().contains(hostile.expectedText());
            if (ok) {
                rejected++;
            } else {
                failures.add(hostile.name() + " -> " + result);
            }
            System.out.println((ok ? "rejected: " : "NOT REJECTED AS EXPECTED: ") + hostile.name() + " -> " + result);
        }
        System.out.println(rejected + "/" + cases.size() + " rejected");
        assertThat(failures).isEmpty();
        assertThat(rejected).isEqualTo(cases.size());
        // Nothing hostile changed the slice: it still has exactly the two allocated slivers.
        AmClient.Result status = call(asAlice, "Status", List.of(slice), List.of(AmTestbed.sfa(valid)), Map.of());
        assertThat(status.geniCode()).isZero();
        assertThat(AmEndToEndTest.slivers(status.struct())).hasSize(1);
    }

    private Case forbidden(String name, AmClient client, String credential, String reason) {
        return new Case(name, () -> allocate(client, "target", credential), 3, reason);
    }

    private AmClient.Result allocate(AmClient client, String slice, String credential) {
        return call(client, "Allocate", AmTestbed.sliceUrn(slice).toString(), List.of(AmTestbed.sfa(credential)),
                AmEndToEndTest.request(AmTestbed.NODE_2), Map.of());
    }

    private static AmClient.Result call(AmClient client, String method, Object... params) {
        try {
            return client.call(method, params);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private CredentialSigner.Content content(AmTestbed.TestUser owner, String slice, List<Privilege> privileges, Duration lifetime) {
        Gid target = testbed.authority().issue(AmTestbed.sliceUrn(slice),
                KeyAlgorithm.RSA_2048.generate(new java.security.SecureRandom()).getPublic(), Duration.ofDays(30));
        return new CredentialSigner.Content(owner.gid(), target, testbed.clock().instant().plus(lifetime), privileges, Optional.empty());
    }

    /** {@code parent} delegated to {@code to}, signed by {@code signer}. */
    private String delegate(String parent, AmTestbed.TestUser to, AmTestbed.TestUser signer, List<Privilege> privileges, Duration lifetime) {
        CredentialSigner.Content content = content(to, "target", privileges, lifetime);
        return new CredentialSigner().sign(new CredentialSigner.Content(content.owner(), content.target(), content.expires(),
                privileges, Optional.of(parent)), signer.keys().getPrivate(),
                List.of(signer.gid().certificate(), testbed.authority().gid().certificate()));
    }

    static Map<String, Object> struct(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int index = 0; index < pairs.length; index += 2) {
            map.put((String) pairs[index], pairs[index + 1]);
        }
        return map;
    }
}
