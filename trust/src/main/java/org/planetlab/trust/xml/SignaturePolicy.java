package org.planetlab.trust.xml;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The shape every XML signature must have, checked on the DOM before any cryptography runs:
 * exactly one {@code ds:Signature}, the last child of the document element; no {@code KeyInfo}
 * (the key always comes from the issuer chain) and no {@code Object}; one {@code Reference} with
 * {@code URI=""} (the whole document); transforms enveloped-signature then optionally one
 * canonicalization; canonicalization inclusive or exclusive C14N 1.0 without comments; digests
 * SHA-256/384/512; signatures RSA or ECDSA with SHA-256/384/512, matching the verifying key.
 */
final class SignaturePolicy {
    static final Set<String> CANONICALIZATIONS = Set.of(CanonicalizationMethod.EXCLUSIVE, CanonicalizationMethod.INCLUSIVE);
    static final Set<String> DIGESTS = Set.of(DigestMethod.SHA256, DigestMethod.SHA384, DigestMethod.SHA512);
    static final Map<String, String> SIGNATURES = Map.of(
            SignatureMethod.RSA_SHA256, "RSA",
            SignatureMethod.RSA_SHA384, "RSA",
            SignatureMethod.RSA_SHA512, "RSA",
            SignatureMethod.ECDSA_SHA256, "EC",
            SignatureMethod.ECDSA_SHA384, "EC",
            SignatureMethod.ECDSA_SHA512, "EC");
    private static final String DS = XMLSignature.XMLNS;

    private final String what;

    SignaturePolicy(String what) {
        this.what = what;
    }

    /** Returns the document's one signature element after checking its shape. */
    Element check(Element root, PublicKey key) {
        Element signature = ownSignature(root);
        requireNoForeignAttributes(signature);
        List<Element> parts = dsChildren(signature);
        if (parts.size() < 2 || !isDs(parts.get(0), "SignedInfo") || !isDs(parts.get(1), "SignatureValue")) {
            throw refused("ds:Signature must hold ds:SignedInfo then ds:SignatureValue");
        }
        for (Element extra : parts.subList(2, parts.size())) {
            if (isDs(extra, "KeyInfo")) {
                throw refused("ds:KeyInfo is not accepted; the verifying key comes from the issuer, never from the message");
            }
            if (isDs(extra, "Object")) {
                throw refused("ds:Object is not accepted inside a signature");
            }
            throw refused("unexpected " + extra.getNodeName() + " inside ds:Signature");
        }
        checkSignedInfo(parts.get(0), key);
        return signature;
    }

    private Element ownSignature(Element root) {
        List<Element> signatures = new java.util.ArrayList<>();
        collectSignatures(root, signatures);
        if (signatures.isEmpty()) {
            throw refused("the document is not signed");
        }
        if (signatures.size() > 1) {
            throw refused("the document holds " + signatures.size() + " signatures; exactly one is accepted");
        }
        Element signature = signatures.getFirst();
        if (signature.getParentNode() != root || lastElementChild(root) != signature) {
            throw refused("the signature must be the last child of the document element <" + root.getLocalName() + ">");
        }
        return signature;
    }

    /** Finds signatures, skipping embedded issuer certificates (they carry and check their own). */
    private static void collectSignatures(Element element, List<Element> found) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element childElement) {
                if (ElementReader.isSignature(childElement)) {
                    found.add(childElement);
                }
                boolean embeddedDocument = "issuer".equals(element.getLocalName()) && element.getNamespaceURI() == null
                        && "certificate".equals(childElement.getLocalName()) && childElement.getNamespaceURI() == null;
                if (!embeddedDocument) {
                    collectSignatures(childElement, found);
                }
            }
        }
    }

    private void checkSignedInfo(Element signedInfo, PublicKey key) {
        requireNoForeignAttributes(signedInfo);
        List<Element> parts = dsChildren(signedInfo);
        if (parts.size() < 3 || !isDs(parts.get(0), "CanonicalizationMethod") || !isDs(parts.get(1), "SignatureMethod")) {
            throw refused("ds:SignedInfo must hold CanonicalizationMethod, SignatureMethod and one Reference");
        }
        String canonicalization = algorithm(parts.get(0));
        if (!CANONICALIZATIONS.contains(canonicalization)) {
            throw refused("canonicalization " + canonicalization + " is not allowed; use exclusive or inclusive C14N 1.0 without comments");
        }
        requireNoChildren(parts.get(0));
        checkSignatureMethod(parts.get(1), key);
        if (parts.size() != 3) {
            throw refused("ds:SignedInfo holds " + (parts.size() - 2) + " references; exactly one (URI=\"\") is accepted");
        }
        checkReference(parts.get(2));
    }

    private void checkSignatureMethod(Element method, PublicKey key) {
        String algorithm = algorithm(method);
        requireNoChildren(method);
        String family = SIGNATURES.get(algorithm);
        if (family == null) {
            String lower = algorithm.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("hmac")) {
                throw refused("HMAC signature method " + algorithm + " is not accepted; certificates and tickets need a public-key signature");
            }
            if (lower.contains("sha1") || lower.contains("md5")) {
                throw refused("weak signature algorithm " + algorithm + "; use RSA or ECDSA with SHA-256 or better");
            }
            throw refused("signature algorithm " + algorithm + " is not allowed; use RSA or ECDSA with SHA-256 or better");
        }
        boolean matches = family.equals("RSA") ? key instanceof RSAPublicKey : key instanceof ECPublicKey;
        if (!matches) {
            throw refused("signature algorithm " + algorithm + " does not match the issuer's " + key.getAlgorithm() + " key");
        }
    }

    private void checkReference(Element reference) {
        if (!isDs(reference, "Reference")) {
            throw refused("expected ds:Reference but found " + reference.getNodeName());
        }
        NamedNodeMap attributes = reference.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (!"URI".equals(attribute.getName()) && !isNamespaceDeclaration(attribute)) {
                throw refused("attribute " + attribute.getName() + " is not allowed on ds:Reference");
            }
        }
        if (!reference.hasAttributeNS(null, "URI") || !reference.getAttributeNS(null, "URI").isEmpty()) {
            String uri = reference.hasAttributeNS(null, "URI") ? reference.getAttributeNS(null, "URI") : "(none)";
            throw refused("reference URI " + quoted(uri) + " is not accepted; only URI=\"\" (the whole document) is");
        }
        List<Element> parts = dsChildren(reference);
        if (parts.size() != 3 || !isDs(parts.get(0), "Transforms") || !isDs(parts.get(1), "DigestMethod")
                || !isDs(parts.get(2), "DigestValue")) {
            throw refused("ds:Reference must hold Transforms, DigestMethod and DigestValue");
        }
        checkTransforms(parts.get(0));
        String digest = algorithm(parts.get(1));
        requireNoChildren(parts.get(1));
        if (!DIGESTS.contains(digest)) {
            throw refused("digest algorithm " + digest + " is not allowed; use SHA-256, SHA-384 or SHA-512");
        }
    }

    private void checkTransforms(Element transforms) {
        List<Element> list = dsChildren(transforms);
        if (list.isEmpty() || list.size() > 2) {
            throw refused("expected the enveloped-signature transform and at most one canonicalization, found " + list.size() + " transforms");
        }
        for (int i = 0; i < list.size(); i++) {
            Element transform = list.get(i);
            if (!isDs(transform, "Transform")) {
                throw refused("unexpected " + transform.getNodeName() + " inside ds:Transforms");
            }
            String algorithm = algorithm(transform);
            boolean allowed = i == 0 ? Transform.ENVELOPED.equals(algorithm) : CANONICALIZATIONS.contains(algorithm);
            if (!allowed) {
                throw refused("transform " + algorithm + " is not allowed; only enveloped-signature followed by C14N is");
            }
            requireNoChildren(transform);
        }
    }

    private String algorithm(Element element) {
        if (!element.hasAttributeNS(null, "Algorithm")) {
            throw refused(element.getNodeName() + " lacks its Algorithm");
        }
        return element.getAttributeNS(null, "Algorithm");
    }

    private void requireNoChildren(Element element) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() != Node.TEXT_NODE || !child.getNodeValue().isBlank()) {
                throw refused(element.getNodeName() + " must be empty (no parameters are accepted)");
            }
        }
    }

    private void requireNoForeignAttributes(Element element) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (!isNamespaceDeclaration(attribute)) {
                throw refused("attribute " + attribute.getName() + " is not allowed on " + element.getNodeName());
            }
        }
    }

    private List<Element> dsChildren(Element parent) {
        List<Element> elements = new java.util.ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if (!DS.equals(element.getNamespaceURI())) {
                    throw refused("unexpected element " + element.getNodeName() + " inside " + parent.getNodeName());
                }
                elements.add(element);
            } else if (child.getNodeType() != Node.TEXT_NODE || !child.getNodeValue().isBlank()) {
                throw refused("unexpected content inside " + parent.getNodeName());
            }
        }
        return elements;
    }

    private static Element lastElementChild(Element parent) {
        for (Node child = parent.getLastChild(); child != null; child = child.getPreviousSibling()) {
            if (child instanceof Element element) {
                return element;
            }
        }
        return null;
    }

    private static boolean isDs(Element element, String localName) {
        return DS.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    private static boolean isNamespaceDeclaration(Attr attribute) {
        return "http://www.w3.org/2000/xmlns/".equals(attribute.getNamespaceURI());
    }

    private static String quoted(String value) {
        return "\"" + (value.length() > 60 ? value.substring(0, 60) + "..." : value) + "\"";
    }

    private PlanetLabException refused(String reason) {
        return new PlanetLabException(ErrorCode.VERIFICATION_FAILED, what + ": signature: " + reason);
    }
}
