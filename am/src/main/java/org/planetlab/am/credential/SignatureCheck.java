package org.planetlab.am.credential;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.crypto.Data;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.NodeSetData;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import org.planetlab.am.gid.Gid;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One XML signature of a credential chain: its shape is checked on the DOM before any
 * cryptography (one reference, to {@code #<xml:id>} of the credential it signs; enveloped-signature
 * and C14N transforms only; no {@code ds:Object}; SHA-256 or better unless SHA-1 is accepted by
 * policy), its certificates are taken from {@code KeyInfo}, and it is verified with the JDK's
 * XML-DSig. The element the reference resolves to must be the credential that was read.
 */
final class SignatureCheck {
    private static final String DS = XMLSignature.XMLNS;
    private static final String SECURE_VALIDATION = "org.jcp.xml.dsig.secureValidation";
    private static final String CACHE_REFERENCE = "javax.xml.crypto.dsig.cacheReference";
    private static final Set<String> CANONICALIZATIONS = Set.of(CanonicalizationMethod.INCLUSIVE, CanonicalizationMethod.EXCLUSIVE);
    private static final Set<String> DIGESTS = Set.of(DigestMethod.SHA256, DigestMethod.SHA384, DigestMethod.SHA512);
    private static final Map<String, String> SIGNATURES = Map.of(
            SignatureMethod.RSA_SHA256, "RSA", SignatureMethod.RSA_SHA384, "RSA", SignatureMethod.RSA_SHA512, "RSA",
            SignatureMethod.ECDSA_SHA256, "EC", SignatureMethod.ECDSA_SHA384, "EC", SignatureMethod.ECDSA_SHA512, "EC");

    private final Element signature;
    private final String referencedId;
    private final String signatureMethod;
    private final String digestMethod;

    private SignatureCheck(Element signature, String referencedId, String signatureMethod, String digestMethod) {
        this.signature = signature;
        this.referencedId = referencedId;
        this.signatureMethod = signatureMethod;
        this.digestMethod = digestMethod;
    }

    /** Checks the shape of {@code signature} and returns it with the id its one reference names. */
    static SignatureCheck of(Element signature) {
        List<Element> parts = CredentialReader.children(signature);
        if (parts.size() < 2 || !isDs(parts.get(0), "SignedInfo") || !isDs(parts.get(1), "SignatureValue")) {
            throw refused("a signature must hold ds:SignedInfo then ds:SignatureValue");
        }
        for (Element extra : parts.subList(2, parts.size())) {
            if (!isDs(extra, "KeyInfo") || parts.indexOf(extra) != 2) {
                throw refused("unexpected " + extra.getNodeName() + " in a signature; only one ds:KeyInfo may follow"
                        + " ds:SignatureValue (no ds:Object)");
            }
        }
        List<Element> signedInfo = CredentialReader.children(parts.get(0));
        if (signedInfo.size() != 3 || !isDs(signedInfo.get(0), "CanonicalizationMethod")
                || !isDs(signedInfo.get(1), "SignatureMethod") || !isDs(signedInfo.get(2), "Reference")) {
            throw refused("ds:SignedInfo must hold CanonicalizationMethod, SignatureMethod and exactly one Reference");
        }
        String canonicalization = signedInfo.get(0).getAttribute("Algorithm");
        if (!CANONICALIZATIONS.contains(canonicalization) || !CredentialReader.children(signedInfo.get(0)).isEmpty()) {
            throw refused("canonicalization " + canonicalization + " is not accepted; use C14N 1.0 or exclusive C14N without comments");
        }
        String method = signedInfo.get(1).getAttribute("Algorithm");
        if (!CredentialReader.children(signedInfo.get(1)).isEmpty()) {
            throw refused("ds:SignatureMethod takes no parameters");
        }
        Element reference = signedInfo.get(2);
        String uri = reference.getAttribute("URI");
        if (!uri.matches("#[A-Za-z_][A-Za-z0-9_.-]{0,127}")) {
            throw refused("reference URI \"" + shorten(uri) + "\" is not accepted; a credential's signature names"
                    + " the credential as #<its xml:id>");
        }
        if (reference.getAttributes().getLength() != 1) {
            throw refused("ds:Reference takes only a URI attribute");
        }
        List<Element> referenceParts = CredentialReader.children(reference);
        if (referenceParts.size() != 3 || !isDs(referenceParts.get(0), "Transforms") || !isDs(referenceParts.get(1), "DigestMethod")
                || !isDs(referenceParts.get(2), "DigestValue")) {
            throw refused("ds:Reference must hold Transforms, DigestMethod and DigestValue");
        }
        List<Element> transforms = CredentialReader.children(referenceParts.get(0));
        if (transforms.isEmpty() || transforms.size() > 2) {
            throw refused("expected the enveloped-signature transform and at most one C14N transform");
        }
        for (int index = 0; index < transforms.size(); index++) {
            Element transform = transforms.get(index);
            String algorithm = transform.getAttribute("Algorithm");
            boolean allowed = isDs(transform, "Transform") && CredentialReader.children(transform).isEmpty()
                    && (index == 0 ? Transform.ENVELOPED.equals(algorithm) : CANONICALIZATIONS.contains(algorithm));
            if (!allowed) {
                throw refused("transform " + algorithm + " is not accepted; only enveloped-signature then C14N are");
            }
        }
        String digest = referenceParts.get(1).getAttribute("Algorithm");
        return new SignatureCheck(signature, uri.substring(1), method, digest);
    }

    String referencedId() {
        return referencedId;
    }

    /** Whether this signature uses SHA-1, which only an explicit policy accepts. */
    boolean usesSha1() {
        return SignatureMethod.RSA_SHA1.equals(signatureMethod) || DigestMethod.SHA1.equals(digestMethod);
    }

    /** The certificates in the signature's KeyInfo, the signer's first. */
    List<X509Certificate> certificates() {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Element part : CredentialReader.children(signature)) {
            if (!isDs(part, "KeyInfo")) {
                continue;
            }
            for (Element data : CredentialReader.children(part)) {
                if (!isDs(data, "X509Data")) {
                    continue;
                }
                for (Element item : CredentialReader.children(data)) {
                    if (isDs(item, "X509Certificate") && !item.getTextContent().isBlank()) {
                        certificates.addAll(Gid.readCertificates(item.getTextContent(), "a certificate in the signature's KeyInfo"));
                    }
                }
            }
        }
        if (certificates.isEmpty()) {
            throw refused("the signature of credential " + referencedId + " carries no X509Certificate of its signer");
        }
        return certificates;
    }

    /**
     * Verifies the signature over {@code credential} with {@code key}.
     *
     * @param acceptSha1 whether RSA-SHA1 and SHA-1 digests are accepted (secure validation refuses them)
     */
    void verify(Element credential, PublicKey key, boolean acceptSha1) {
        boolean sha1 = usesSha1();
        if (sha1 && !acceptSha1) {
            throw refused("the signature of credential " + referencedId + " uses SHA-1 (" + signatureMethod + ", " + digestMethod
                    + "); SHA-1 is accepted only from authorities whose policy opts in (accept-rsa-sha1=true in the policy file of"
                    + " their root in trust/geni, see docs/federation.md)");
        }
        boolean methodAccepted = SIGNATURES.containsKey(signatureMethod) || acceptSha1 && SignatureMethod.RSA_SHA1.equals(signatureMethod);
        boolean digestAccepted = DIGESTS.contains(digestMethod) || acceptSha1 && DigestMethod.SHA1.equals(digestMethod);
        if (!methodAccepted || !digestAccepted) {
            throw refused("signature algorithm " + signatureMethod + " with digest " + digestMethod
                    + " is not accepted; use RSA or ECDSA with SHA-256 or better");
        }
        String family = SIGNATURES.getOrDefault(signatureMethod, "RSA");
        if (family.equals("RSA") ? !(key instanceof RSAPublicKey) : !(key instanceof ECPublicKey)) {
            throw refused("signature algorithm " + signatureMethod + " does not match the signer's " + key.getAlgorithm() + " key");
        }
        // KeyInfo is outside what is signed and was read above; xmlsec1 leaves empty elements in it
        // that the JDK cannot unmarshal, so it is removed before the cryptography.
        for (Element part : CredentialReader.children(signature)) {
            if (isDs(part, "KeyInfo")) {
                signature.removeChild(part);
            }
        }
        DOMValidateContext context = new DOMValidateContext(key, signature);
        context.setIdAttributeNS(credential, CredentialReader.XML_NAMESPACE, "id");
        context.setProperty(SECURE_VALIDATION, !sha1);
        context.setProperty(CACHE_REFERENCE, Boolean.TRUE);
        try {
            XMLSignature xmlSignature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
            boolean valid = xmlSignature.validate(context);
            if (!valid) {
                boolean value = xmlSignature.getSignatureValue().validate(context);
                throw refused(value ? "credential " + referencedId + " was changed after it was signed (digest mismatch)"
                        : "the signature of credential " + referencedId + " does not verify with its signer's key");
            }
            Reference reference = (Reference) xmlSignature.getSignedInfo().getReferences().getFirst();
            if (!referencesExactly(reference.getDereferencedData(), credential)) {
                throw refused("the signature of credential " + referencedId + " covers another element than the credential read");
            }
        } catch (MarshalException | XMLSignatureException | RuntimeException e) {
            if (e instanceof org.planetlab.am.geni.GeniException geni) {
                throw geni;
            }
            throw refused("the signature of credential " + referencedId + " cannot be checked: " + e.getMessage());
        }
    }

    private static boolean referencesExactly(Data data, Element credential) {
        if (!(data instanceof NodeSetData<?> nodes)) {
            return false;
        }
        Iterator<?> iterator = nodes.iterator();
        while (iterator.hasNext()) {
            if (iterator.next() instanceof Node node && node.getNodeType() == Node.ELEMENT_NODE) {
                return node == credential;
            }
        }
        return false;
    }

    private static boolean isDs(Element element, String name) {
        return DS.equals(element.getNamespaceURI()) && name.equals(element.getLocalName());
    }

    private static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "..." : value;
    }

    private static org.planetlab.am.geni.GeniException refused(String reason) {
        return CredentialReader.refused(reason);
    }
}
