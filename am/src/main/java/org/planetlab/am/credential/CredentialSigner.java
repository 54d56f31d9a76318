package org.planetlab.am.credential;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import org.planetlab.am.gid.Gid;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes and signs GENI privilege credentials in the form SFA and GENI tools read: a
 * {@code <signed-credential>} whose {@code <credential xml:id=...>} is signed by a signature in
 * {@code <signatures>} referencing that id, with the signer's certificates in {@code KeyInfo}; a
 * delegated credential holds its parent in {@code <parent>} and carries the parent's signatures
 * beside its own. PLC signs with SHA-256.
 */
public final class CredentialSigner {
    private final String signatureMethod;
    private final String digestMethod;

    /** A signer with RSA-SHA256 (or ECDSA-SHA256 for EC keys) and SHA-256 digests. */
    public CredentialSigner() {
        this(null, DigestMethod.SHA256);
    }

    /** A signer with the given algorithms, for showing what verification refuses. */
    public CredentialSigner(String signatureMethod, String digestMethod) {
        this.signatureMethod = signatureMethod;
        this.digestMethod = requireNonNull(digestMethod, "digestMethod is null");
    }

    /**
     * What a credential says.
     *
     * @param parent the signed credential this one is delegated from, if any
     */
    public record Content(Gid owner, Gid target, Instant expires, List<Privilege> privileges, Optional<String> parent) {
        public Content {
            requireNonNull(owner, "owner is null");
            requireNonNull(target, "target is null");
            requireNonNull(expires, "expires is null");
            privileges = List.copyOf(privileges);
            requireNonNull(parent, "parent is null");
        }
    }

    /** Signs {@code content} with {@code key}; {@code signerChain} is the signer's GID, then its issuers. */
    public String sign(Content content, PrivateKey key, List<X509Certificate> signerChain) {
        requireNonNull(content, "content is null");
        requireNonNull(key, "key is null");
        Document document = SafeXml.newDocument();
        Element root = document.createElementNS(null, "signed-credential");
        document.appendChild(root);
        Element credential = document.createElementNS(null, "credential");
        root.appendChild(credential);
        List<Element> parentSignatures = new ArrayList<>();
        int depth = 0;
        if (content.parent().isPresent()) {
            Document parent = SafeXml.parse(content.parent().get(), new XmlLimits(1024 * 1024, 64, 20_000), "parent credential");
            Element parentRoot = parent.getDocumentElement();
            for (Element child : CredentialReader.children(parentRoot)) {
                if (child.getLocalName().equals("credential")) {
                    depth = chainLength(child);
                }
            }
            for (Element child : CredentialReader.children(parentRoot)) {
                if (child.getLocalName().equals("credential")) {
                    Element parentElement = document.createElementNS(null, "parent");
                    parentElement.appendChild(document.importNode(child, true));
                    parentSignatures.add(parentElement);
                } else if (child.getLocalName().equals("signatures")) {
                    for (Element signature : CredentialReader.children(child)) {
                        parentSignatures.add((Element) document.importNode(signature, true));
                    }
                }
            }
        }
        String id = "ref" + depth;
        credential.setAttributeNS(CredentialReader.XML_NAMESPACE, "xml:id", id);
        field(credential, "type", "privilege");
        field(credential, "serial", "1");
        field(credential, "owner_gid", Gid.base64(content.owner().certificate()));
        field(credential, "owner_urn", content.owner().urn().toString());
        field(credential, "target_gid", Gid.base64(content.target().certificate()));
        field(credential, "target_urn", content.target().urn().toString());
        field(credential, "uuid", "");
        field(credential, "expires", DateTimeFormatter.ISO_INSTANT.format(content.expires().truncatedTo(ChronoUnit.SECONDS)));
        Element privileges = document.createElementNS(null, "privileges");
        credential.appendChild(privileges);
        for (Privilege privilege : content.privileges()) {
            Element element = document.createElementNS(null, "privilege");
            privileges.appendChild(element);
            field(element, "name", privilege.name());
            field(element, "can_delegate", Boolean.toString(privilege.canDelegate()));
        }
        Element signatures = document.createElementNS(null, "signatures");
        for (Element part : parentSignatures) {
            if (part.getLocalName().equals("parent")) {
                credential.appendChild(part);
            } else {
                signatures.appendChild(part);
            }
        }
        root.appendChild(signatures);
        // What is signed must be exactly what a verifier parses: serialize, parse, then sign.
        Document reparsed = SafeXml.parse(SafeXml.serialize(document), new XmlLimits(1024 * 1024, 64, 20_000), "credential");
        Element signedCredential = CredentialReader.children(reparsed.getDocumentElement()).getFirst();
        Element signaturesElement = CredentialReader.children(reparsed.getDocumentElement()).getLast();
        signedCredential.setIdAttributeNS(CredentialReader.XML_NAMESPACE, "id", true);
        signInto(signaturesElement, id, key, signerChain);
        return SafeXml.serialize(reparsed);
    }

    private static int chainLength(Element credential) {
        int length = 1;
        for (Element child : CredentialReader.children(credential)) {
            if (child.getLocalName().equals("parent")) {
                length += chainLength(CredentialReader.children(child).getFirst());
            }
        }
        return length;
    }

    private void signInto(Element signatures, String id, PrivateKey key, List<X509Certificate> signerChain) {
        try {
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            Reference reference = factory.newReference("#" + id, factory.newDigestMethod(digestMethod, null),
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null)), null, null);
            String method = signatureMethod != null ? signatureMethod
                    : key instanceof ECKey ? SignatureMethod.ECDSA_SHA256 : SignatureMethod.RSA_SHA256;
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.INCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(method, null), List.of(reference));
            KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
            var keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(new ArrayList<Object>(signerChain))));
            DOMSignContext context = new DOMSignContext(key, signatures);
            XMLSignature signature = factory.newXMLSignature(signedInfo, keyInfo, null, "Sig_" + id, null);
            signature.sign(context);
        } catch (GeneralSecurityException | MarshalException | XMLSignatureException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot sign the credential: " + e.getMessage(), e);
        }
    }

    private static void field(Element parent, String name, String text) {
        Element element = parent.getOwnerDocument().createElementNS(null, name);
        element.setTextContent(text);
        parent.appendChild(element);
    }
}
