package org.planetlab.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planetlab.trust.testing.XmlEdit.DS;
import static org.planetlab.trust.testing.XmlEdit.child;
import static org.planetlab.trust.testing.XmlEdit.dsElement;
import static org.planetlab.trust.testing.XmlEdit.edit;
import static org.planetlab.trust.testing.XmlEdit.newDs;
import static org.planetlab.trust.testing.XmlEdit.signature;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.SignatureMethod;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.AuthorityRole;
import org.planetlab.trust.cert.AuthoritySubject;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.Forgery;
import org.planetlab.trust.cert.IssuerReference;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.cert.ServiceSubject;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFingerprint;
import org.planetlab.trust.key.TrustRoot;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.testing.TestTrust;
import org.planetlab.trust.ticket.Lease;
import org.planetlab.trust.ticket.LeaseSigner;
import org.planetlab.trust.ticket.LeaseVerifier;
import org.planetlab.trust.ticket.Ticket;
import org.planetlab.trust.ticket.TicketForgery;
import org.planetlab.trust.ticket.TicketNodes;
import org.planetlab.trust.ticket.TicketPrincipal;
import org.planetlab.trust.ticket.TicketSigner;
import org.planetlab.trust.ticket.TicketVerifier;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Hostile signed documents: every one must be refused with a {@link PlanetLabException} whose
 * message names the reason.
 */
class HostileCorpusTest {
    private final TestTrust trust = new TestTrust();
    private final KeyPair attacker = KeyAlgorithm.EC_P256.generate(trust.random);
    private final String node = trust.nodeCertificate.xml();
    private final Ticket ticket = new Ticket(Ticket.newId(trust.random), "princeton_codeen",
            List.of(new TicketPrincipal.Person("alice@example.org")), new TicketNodes.Listed(new TreeSet<>(List.of("planetlab1.cs.example.edu"))),
            new TreeMap<>(Map.of("cpu_share", "2", "disk_quota", "5120")), Validity.starting(TestTrust.START, Duration.ofDays(14)));
    private final String signedTicket = new TicketSigner(trust.sliceAuthority).sign(ticket);
    private final Lease lease = Lease.grant(ticket, new TicketPrincipal.Person("alice@example.org"), "128.112.139.71",
            TestTrust.START, TestTrust.START.plus(Duration.ofDays(1)), trust.random);
    private final String signedLease = new LeaseSigner(trust.node).sign(lease);

    private record Vector(String name, String expected, Supplier<?> attempt) {
    }

    @Test
    void everyHostileDocumentIsRejectedWithAReason() {
        List<Vector> vectors = new ArrayList<>();
        vectors.addAll(signatureShape());
        vectors.addAll(algorithms());
        vectors.addAll(wrapping());
        vectors.addAll(parsing());
        vectors.addAll(chains());
        vectors.addAll(ticketsAndLeases());

        List<String> accepted = new ArrayList<>();
        int rejected = 0;
        for (Vector vector : vectors) {
            try {
                vector.attempt().get();
                accepted.add(vector.name() + ": ACCEPTED");
            } catch (PlanetLabException e) {
                if (e.getMessage().contains(vector.expected())) {
                    rejected++;
                    System.out.printf("rejected %-45s %s: %s%n", vector.name(), e.code(), e.getMessage());
                } else {
                    accepted.add(vector.name() + ": rejected for another reason: " + e.getMessage());
                }
            }
        }
        System.out.println(rejected + "/" + vectors.size() + " rejected");
        assertThat(accepted).isEmpty();
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(45);
    }

    private Supplier<?> certificate(String xml) {
        return () -> trust.verifier().verify(xml);
    }

    private List<Vector> signatureShape() {
        return List.of(
                new Vector("stripped signature", "not signed", certificate(edit(node, d -> d.getDocumentElement().removeChild(signature(d))))),
                new Vector("duplicated signature", "more than one signature", certificate(edit(node,
                        d -> d.getDocumentElement().appendChild(signature(d).cloneNode(true))))),
                new Vector("second signature by another key", "more than one signature", certificate(edit(node,
                        d -> org.planetlab.trust.testing.XmlEdit.signWith(d, attacker.getPrivate(), null, SignatureMethod.ECDSA_SHA256)))),
                new Vector("signature moved first", "lacks the <serial> element", certificate(edit(node,
                        d -> d.getDocumentElement().insertBefore(signature(d), d.getDocumentElement().getFirstChild())))),
                new Vector("signature nested in subject", "inside <subject>", certificate(edit(node,
                        d -> child(d, "subject").appendChild(signature(d))))),
                new Vector("swapped KeyInfo (attacker key)", "KeyInfo is not accepted", certificate(resigned(node, true))),
                new Vector("re-signed by attacker key", "signature value does not verify with the key of 'plc.ma'", certificate(resigned(node, false))),
                new Vector("ds:Object in signature", "ds:Object is not accepted", certificate(edit(node,
                        d -> signature(d).appendChild(newDs(d, "Object", null))))),
                new Vector("Id attribute on signature", "not allowed on ds:Signature", certificate(edit(node,
                        d -> signature(d).setAttributeNS(null, "Id", "s1")))),
                new Vector("duplicate Id attributes", "attribute Id is not allowed", certificate(edit(node, d -> {
                    child(d, "subject").setAttributeNS(null, "Id", "x");
                    child(d, "validity").setAttributeNS(null, "Id", "x");
                }))),
                new Vector("reference to external URI", "reference URI \"http://attacker.example/cert.xml\" is not accepted",
                        certificate(edit(node, d -> dsElement(d, "Reference").setAttributeNS(null, "URI", "http://attacker.example/cert.xml")))),
                new Vector("reference to an id", "reference URI \"#subject\" is not accepted",
                        certificate(edit(node, d -> dsElement(d, "Reference").setAttributeNS(null, "URI", "#subject")))),
                new Vector("reference without URI", "reference URI \"(none)\"",
                        certificate(edit(node, d -> dsElement(d, "Reference").removeAttributeNS(null, "URI")))),
                new Vector("two references", "holds 2 references", certificate(edit(node,
                        d -> dsElement(d, "SignedInfo").appendChild(dsElement(d, "Reference").cloneNode(true))))));
    }

    private List<Vector> algorithms() {
        return List.of(
                algorithm("RSA-SHA1 signature", "SignatureMethod", "http://www.w3.org/2000/09/xmldsig#rsa-sha1", "weak signature algorithm"),
                algorithm("ECDSA-SHA1 signature", "SignatureMethod", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1", "weak signature algorithm"),
                algorithm("RSA-MD5 signature", "SignatureMethod", "http://www.w3.org/2001/04/xmldsig-more#rsa-md5", "weak signature algorithm"),
                algorithm("HMAC-SHA256 signature", "SignatureMethod", "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256", "HMAC signature method"),
                algorithm("RSA-SHA256 claimed for an EC key", "SignatureMethod", SignatureMethod.RSA_SHA256, "does not match the issuer's EC key"),
                algorithm("SHA-1 digest", "DigestMethod", "http://www.w3.org/2000/09/xmldsig#sha1", "digest algorithm"),
                algorithm("MD5 digest", "DigestMethod", "http://www.w3.org/2001/04/xmldsig-more#md5", "digest algorithm"),
                algorithm("C14N with comments", "CanonicalizationMethod", CanonicalizationMethod.INCLUSIVE_WITH_COMMENTS, "canonicalization"),
                algorithm("C14N 1.1", "CanonicalizationMethod", "http://www.w3.org/2006/12/xml-c14n11", "canonicalization"),
                new Vector("XSLT transform", "transform http://www.w3.org/TR/1999/REC-xslt-19991116 is not allowed", certificate(edit(node, d -> {
                    Element transform = newDs(d, "Transform", "http://www.w3.org/TR/1999/REC-xslt-19991116");
                    transform.appendChild(d.createElementNS("http://www.w3.org/1999/XSL/Transform", "xsl:stylesheet"));
                    dsElement(d, "Transforms").replaceChild(transform, dsElement(d, "Transform"));
                }))),
                new Vector("XPath transform", "at most one canonicalization, found 3 transforms", certificate(edit(node, d -> {
                    Element transform = newDs(d, "Transform", "http://www.w3.org/TR/1999/REC-xpath-19991116");
                    Element xpath = d.createElementNS(DS, "ds:XPath");
                    xpath.setTextContent("not(ancestor-or-self::subject)");
                    transform.appendChild(xpath);
                    dsElement(d, "Transforms").appendChild(transform);
                }))),
                new Vector("XPath Filter 2.0 transform", "found 3 transforms", certificate(edit(node, d ->
                        dsElement(d, "Transforms").appendChild(newDs(d, "Transform", "http://www.w3.org/2002/06/xmldsig-filter2"))))),
                new Vector("no enveloped transform", "only enveloped-signature followed by C14N", certificate(edit(node,
                        d -> dsElement(d, "Transforms").removeChild(dsElement(d, "Transform"))))));
    }

    private Vector algorithm(String name, String element, String algorithm, String expected) {
        return new Vector(name, expected, certificate(edit(node, d -> dsElement(d, element).setAttributeNS(null, "Algorithm", algorithm))));
    }

    /** Signature wrapping attacks (Somorovsky et al.), adapted to documents signed as a whole. */
    private List<Vector> wrapping() {
        return List.of(
                new Vector("XSW1 original inside ds:Object, evil root", "holds 2 signatures", certificate(evilWith((evil, original) -> {
                    Element object = newDs(evil, "Object", null);
                    object.appendChild(evil.importNode(original.getDocumentElement(), true));
                    Element signature = (Element) evil.importNode(signature(original), true);
                    signature.appendChild(object);
                    evil.getDocumentElement().appendChild(signature);
                }))),
                new Vector("XSW2 original as sibling before signature", "not signed",
                        certificate(evilWith((evil, original) -> {
                            evil.getDocumentElement().appendChild(evil.importNode(original.getDocumentElement(), true));
                            evil.getDocumentElement().appendChild(evil.importNode(signature(original), true));
                        }))),
                new Vector("XSW3 evil subject before the signed one", "expected <may-issue> but found <subject>", certificate(edit(node, d -> {
                    Element evilSubject = (Element) child(d, "subject").cloneNode(true);
                    evilSubject.getFirstChild().getAttributes().getNamedItem("hostname").setNodeValue("evil.example.org");
                    d.getDocumentElement().insertBefore(evilSubject, child(d, "subject"));
                }))),
                new Vector("XSW4 original wrapped in an evil element", "not signed",
                        certificate(evilWith((evil, original) -> {
                            Element wrapper = evil.createElementNS(null, "wrapper");
                            wrapper.appendChild(evil.importNode(original.getDocumentElement(), true));
                            evil.getDocumentElement().appendChild(wrapper);
                            evil.getDocumentElement().appendChild(evil.importNode(signature(original), true));
                        }))),
                new Vector("XSW5 evil content, original signature kept", "changed after signing", certificate(edit(node,
                        d -> child(d, "subject").getFirstChild().getAttributes().getNamedItem("hostname").setNodeValue("evil.example.org")))),
                new Vector("XSW6 original inside Object inside evil signature inside subject", "inside <subject>",
                        certificate(evilWith((evil, original) -> {
                            Element signature = (Element) evil.importNode(signature(original), true);
                            Element object = newDs(evil, "Object", null);
                            object.appendChild(evil.importNode(original.getDocumentElement(), true));
                            signature.appendChild(object);
                            child(evil, "subject").appendChild(signature);
                        }))),
                new Vector("XSW7 original smuggled into the issuer slot", "nodes are certified by their management authority", certificate(edit(node, d -> {
                    Element issuer = child(d, "issuer");
                    issuer.replaceChild(d.importNode(org.planetlab.trust.testing.XmlEdit.parse(node).getDocumentElement(), true),
                            issuer.getFirstChild());
                }))),
                new Vector("XSW8 Object with Id and reference to it", "holds 2 signatures",
                        certificate(evilWith((evil, original) -> {
                            Element signature = (Element) evil.importNode(signature(original), true);
                            Element object = newDs(evil, "Object", null);
                            object.setAttributeNS(null, "Id", "original");
                            object.setIdAttributeNS(null, "Id", true);
                            object.appendChild(evil.importNode(original.getDocumentElement(), true));
                            signature.appendChild(object);
                            ((Element) signature.getElementsByTagNameNS(DS, "Reference").item(0)).setAttributeNS(null, "URI", "#original");
                            evil.getDocumentElement().appendChild(signature);
                        }))));
    }

    /** An attacker's unsigned copy of the node certificate (host name changed), edited further by {@code wrap}. */
    private String evilWith(java.util.function.BiConsumer<Document, Document> wrap) {
        Document original = org.planetlab.trust.testing.XmlEdit.parse(node);
        return edit(node, evil -> {
            evil.getDocumentElement().removeChild(signature(evil));
            child(evil, "subject").getFirstChild().getAttributes().getNamedItem("hostname").setNodeValue("evil.example.org");
            wrap.accept(evil, original);
        });
    }

    private String resigned(String xml, boolean withKeyInfo) {
        return edit(xml, d -> {
            d.getDocumentElement().removeChild(signature(d));
            child(d, "subject").getFirstChild().getAttributes().getNamedItem("hostname").setNodeValue("evil.example.org");
            org.planetlab.trust.testing.XmlEdit.signWith(d, attacker.getPrivate(), withKeyInfo ? attacker.getPublic() : null,
                    SignatureMethod.ECDSA_SHA256);
        });
    }

    private List<Vector> parsing() {
        String body = node.substring(node.indexOf("<certificate"));
        String deep = "<a>".repeat(200) + "</a>".repeat(200);
        return List.of(
                new Vector("DTD with internal subset", "DOCTYPE", certificate("<!DOCTYPE certificate [<!ELEMENT certificate ANY>]>" + body)),
                new Vector("XXE external entity", "DOCTYPE", certificate(
                        "<!DOCTYPE certificate [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + body.replace("<serial>", "<serial>&xxe;"))),
                new Vector("external DTD", "DOCTYPE", certificate("<!DOCTYPE certificate SYSTEM \"http://attacker.example/x.dtd\">" + body)),
                new Vector("billion laughs", "DOCTYPE", certificate("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">"
                        + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;\">]><lolz>&lol3;</lolz>")),
                new Vector("huge document", "at most 524288 are accepted", certificate(body.replace("<serial>", "<serial>" + " ".repeat(600_000)))),
                new Vector("deep document", "nested", certificate(body.replace("<serial>", "<serial>" + deep))),
                new Vector("too many elements", "more than 4000 elements", certificate(body.replace("<serial>", "<serial>" + "<a/>".repeat(5000)))),
                new Vector("comment inside signed value", "comments are not allowed", certificate(node.replaceFirst("<serial>(..)", "<serial>$1<!---->"))),
                new Vector("processing instruction", "processing instructions are not allowed", certificate("<?evil x?>" + node)),
                new Vector("not well-formed", "not well-formed XML", certificate(node.substring(0, node.length() / 2))),
                new Vector("empty document", "empty", certificate("")),
                new Vector("wrong document element", "expected <certificate> but found <ticket>", certificate(signedTicket)),
                new Vector("namespaced document element", "expected <certificate> but found <{urn:evil}certificate>",
                        certificate(node.replaceFirst("<certificate ", "<certificate xmlns=\"urn:evil\" "))),
                new Vector("unknown subject kind", "<subject> must start with <person>, <node>, <authority> or <service>", certificate(node.replace("<node ", "<robot ").replace("</node>", "</robot>"))));
    }

    private List<Vector> chains() {
        Validity week = Validity.starting(TestTrust.START, Duration.ofDays(7));
        KeyPair otherRoot = KeyAlgorithm.EC_P256.generate(trust.random);
        KeyPair mayNotIssueKeys = KeyAlgorithm.EC_P256.generate(trust.random);
        String maWithoutRight = Forgery.certificate(new AuthoritySubject("plc.ma", AuthorityRole.MANAGEMENT), mayNotIssueKeys.getPublic(), false,
                week, trust.root.issuerReference(), trust.rootKeys.getPrivate());
        String nodeFromMaWithoutRight = Forgery.certificate(trust.nodeSubject, attacker.getPublic(), true, week,
                new IssuerReference.Embedded(org.planetlab.trust.cert.CertificateXml.parse(maWithoutRight)), mayNotIssueKeys.getPrivate());
        String nodeFromSliceAuthority = Forgery.certificate(trust.nodeSubject, attacker.getPublic(), true, week,
                trust.sliceAuthority.issuerReference(), trust.sliceAuthorityKeys.getPrivate());
        KeyPair otherNodeKeys = KeyAlgorithm.EC_P256.generate(trust.random);
        Certificate otherNode = trust.signer.issue(new NodeSubject(122, "planetlab2.cs.example.edu"), otherNodeKeys.getPublic(), true,
                Duration.ofDays(7), trust.managementAuthority);
        String serviceFromOtherNode = Forgery.certificate(new ServiceSubject("plc.scs", trust.nodeSubject), attacker.getPublic(), false, week,
                new IssuerReference.Embedded(otherNode), otherNodeKeys.getPrivate());
        String serviceFromRoot = Forgery.certificate(new ServiceSubject("plc.scs", trust.nodeSubject), attacker.getPublic(), false, week,
                trust.root.issuerReference(), trust.rootKeys.getPrivate());
        String unknownRoot = Forgery.certificate(new AuthoritySubject("plc.sa", AuthorityRole.SLICE), attacker.getPublic(), true, week,
                new IssuerReference.Root(KeyFingerprint.of(otherRoot.getPublic())), otherRoot.getPrivate());
        Credential otherMa = Credential.certified(attacker.getPrivate(), trust.signer.issue(
                new AuthoritySubject("plc.ma2", AuthorityRole.MANAGEMENT), attacker.getPublic(), true, Duration.ofDays(7), trust.root));
        String tamperedIssuer = edit(node, d -> {
            Element embedded = (Element) child(d, "issuer").getFirstChild();
            ((Element) embedded.getElementsByTagName("authority").item(0)).setAttributeNS(null, "name", "plc.mx");
        });
        return List.of(
                new Vector("expired certificate", "expired at", () -> new ChainVerifier(trust.roots,
                        java.time.Clock.fixed(TestTrust.START.plus(Duration.ofDays(40)), java.time.ZoneOffset.UTC)).verify(node)),
                new Vector("not yet valid certificate", "is not valid before", () -> new ChainVerifier(trust.roots,
                        java.time.Clock.fixed(TestTrust.START.minus(Duration.ofDays(1)), java.time.ZoneOffset.UTC)).verify(node)),
                new Vector("issuer is not a trusted root", "which is not a trusted root", certificate(unknownRoot)),
                new Vector("verified against other roots", "which is not a trusted root", () -> new ChainVerifier(
                        TrustRoots.of(new TrustRoot("other", otherRoot.getPublic())), trust.clock).verify(node)),
                new Vector("embedded issuer swapped for another MA", "signature value does not verify with the key of 'plc.ma2'", certificate(edit(node, d -> {
                    Element issuer = child(d, "issuer");
                    issuer.replaceChild(d.importNode(org.planetlab.trust.testing.XmlEdit.parse(otherMa.certificate().orElseThrow().xml())
                            .getDocumentElement(), true), issuer.getFirstChild());
                }))),
                new Vector("broken chain (issuer certificate tampered)", "certificate of 'plc.mx': the signed content was changed",
                        certificate(tamperedIssuer)),
                new Vector("issuer not allowed to issue", "issuer 'plc.ma' is not allowed to issue certificates", certificate(nodeFromMaWithoutRight)),
                new Vector("node certified by the slice authority", "nodes are certified by their management authority", certificate(nodeFromSliceAuthority)),
                new Vector("service certified by another node", "a service is certified only by the node it runs on", certificate(serviceFromOtherNode)),
                new Vector("service certified by a root", "may not certify service", certificate(serviceFromRoot)),
                new Vector("chain longer than allowed", "longer than 2 certificates", () -> new ChainVerifier(trust.roots, trust.clock, 2)
                        .verify(trust.serviceCertificate)),
                new Vector("tampered public key", "changed after signing", certificate(edit(node, d -> d.getElementsByTagName("public-key").item(0)
                        .setTextContent(org.planetlab.trust.key.Pem.write(attacker.getPublic()))))),
                new Vector("tampered validity", "changed after signing", certificate(edit(node, d -> child(d, "validity")
                        .setAttributeNS(null, "not-after", "2099-01-01T00:00:00Z")))),
                new Vector("tampered may-issue", "changed after signing", certificate(edit(trust.serviceCertificate.xml(), d -> {
                    child(d, "may-issue").setTextContent("false");
                    child(d, "serial").setTextContent("0".repeat(32));
                }))));
    }

    private List<Vector> ticketsAndLeases() {
        TicketVerifier tickets = new TicketVerifier(trust.verifier());
        LeaseVerifier leases = new LeaseVerifier(trust.verifier());
        Ticket expired = new Ticket(Ticket.newId(trust.random), "princeton_codeen", ticket.principals(), new TicketNodes.AnyNode(),
                ticket.resources(), new Validity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z")));
        Ticket future = new Ticket(Ticket.newId(trust.random), "princeton_codeen", ticket.principals(), new TicketNodes.AnyNode(),
                ticket.resources(), Validity.starting(TestTrust.START.plus(Duration.ofDays(3)), Duration.ofDays(1)));
        KeyPair otherSaKeys = KeyAlgorithm.EC_P256.generate(trust.random);
        Certificate otherSa = trust.signer.issue(new AuthoritySubject("other.sa", AuthorityRole.SLICE), otherSaKeys.getPublic(), true,
                Duration.ofDays(30), trust.root);
        return List.of(
                new Vector("ticket with a tampered RSpec field", "ticket: the signed content was changed after signing",
                        () -> tickets.verify(signedTicket.replace(">2</attribute>", ">64</attribute>"))),
                new Vector("ticket with a tampered slice name", "changed after signing",
                        () -> tickets.verify(signedTicket.replace("princeton_codeen", "princeton_evil"))),
                new Vector("ticket with an added node", "changed after signing", () -> tickets.verify(edit(signedTicket, d -> {
                    Element added = d.createElementNS(null, "node");
                    added.setAttributeNS(null, "hostname", "evil.example.org");
                    child(d, "nodes").appendChild(added);
                }))),
                new Vector("ticket signed by the management authority", "signer 'plc.ma' is not a slice authority",
                        () -> tickets.verify(TicketForgery.ticket(ticket, trust.managementAuthority))),
                new Vector("ticket signed by a service", "signer 'plc.scs on node 121 (planetlab1.cs.example.edu)' is not a slice authority",
                        () -> tickets.verify(TicketForgery.ticket(ticket, Credential.certified(trust.serviceKeys.getPrivate(), trust.serviceCertificate)))),
                new Vector("expired ticket", "expired at 2025-02-01T00:00:00Z", () -> tickets.verify(new TicketSigner(trust.sliceAuthority).sign(expired))),
                new Vector("ticket not yet valid", "is not valid before", () -> tickets.verify(new TicketSigner(trust.sliceAuthority).sign(future))),
                new Vector("ticket with an unknown RSpec attribute", "unknown RSpec attribute \"root_shell\"", () -> tickets.verify(
                        TicketForgery.editedTicket(ticket, trust.sliceAuthority, xml -> xml.replace("name=\"cpu_share\"", "name=\"root_shell\"")))),
                new Vector("ticket with an invalid RSpec value", "cpu_share value \"lots\" is not valid", () -> tickets.verify(
                        TicketForgery.editedTicket(ticket, trust.sliceAuthority, xml -> xml.replace(">2</attribute>", ">lots</attribute>")))),
                new Vector("ticket from an SA other than the pinned one", "not by the expected slice authority 'other.sa'",
                        () -> tickets.verify(signedTicket, otherSa)),
                new Vector("lease with a tampered end", "lease: the signed content was changed after signing",
                        () -> leases.verify(signedLease.replace("2025-06-02T00:00:00Z", "2026-06-02T00:00:00Z"))),
                new Vector("lease signed by a service, not a node", "is not a node", () -> leases.verify(
                        TicketForgery.lease(lease, Credential.certified(trust.serviceKeys.getPrivate(), trust.serviceCertificate)))),
                new Vector("lease from another node than expected", "not by node 122", () -> leases.verify(signedLease,
                        new NodeSubject(122, "planetlab2.cs.example.edu"))));
    }
}
