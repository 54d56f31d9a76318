package org.planetlab.trust.xml;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.List;
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
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyAlgorithm;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Enveloped XML-DSig over a whole document, with the JDK's {@code javax.xml.crypto}. Signing
 * always produces the one shape {@link SignaturePolicy} accepts: exclusive C14N, SHA-256 digest,
 * RSA-SHA256 or ECDSA with the hash that matches the curve, no KeyInfo. Verification checks that
 * shape first, then the cryptography with {@code org.jcp.xml.dsig.secureValidation} on, with a key
 * the caller got from its trust roots or issuer chain.
 */
public final class XmlSignatures {
    private static final String SECURE_VALIDATION = "org.jcp.xml.dsig.secureValidation";

    private XmlSignatures() {
    }

    /**
     * Signs a freshly built document and returns the signed text. The document is serialized and
     * parsed back before signing so that what is signed is exactly what a verifier will parse.
     */
    public static String signToText(Document unsigned, PrivateKey key, String what) {
        Document reparsed = SafeXml.parse(SafeXml.serialize(requireNonNull(unsigned, "unsigned is null")), XmlLimits.DEFAULT, what);
        sign(reparsed, key);
        return SafeXml.serialize(reparsed);
    }

    /** Appends the enveloped signature as the last child of the document element. */
    public static void sign(Document document, PrivateKey key) {
        requireNonNull(document, "document is null");
        requireNonNull(key, "key is null");
        try {
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            Reference reference = factory.newReference("",
                    factory.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    null, null);
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(signatureAlgorithm(key), null),
                    List.of(reference));
            DOMSignContext context = new DOMSignContext(key, document.getDocumentElement());
            context.setDefaultNamespacePrefix("ds");
            factory.newXMLSignature(signedInfo, null).sign(context);
        } catch (GeneralSecurityException | MarshalException | XMLSignatureException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot sign the document: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies the document's one signature with {@code key}.
     *
     * @param what names the document in errors ("certificate", "ticket", ...)
     * @param signer names the key's owner in errors
     * @throws PlanetLabException {@link ErrorCode#VERIFICATION_FAILED} with the reason
     */
    public static void verify(Document document, PublicKey key, String what, String signer) {
        requireNonNull(document, "document is null");
        requireNonNull(key, "key is null");
        try {
            KeyAlgorithm.requireAcceptable(key, "the key of " + signer);
        } catch (PlanetLabException e) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, what + ": " + e.getMessage());
        }
        Element signature = new SignaturePolicy(what).check(document.getDocumentElement(), key);
        DOMValidateContext context = new DOMValidateContext(key, signature);
        context.setProperty(SECURE_VALIDATION, Boolean.TRUE);
        boolean valid;
        XMLSignature xmlSignature;
        try {
            xmlSignature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
            valid = xmlSignature.validate(context);
        } catch (MarshalException | XMLSignatureException | RuntimeException e) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED,
                    what + ": signature cannot be checked: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, what + ": " + failureReason(xmlSignature, context, signer));
        }
    }

    private static String failureReason(XMLSignature signature, DOMValidateContext context, String signer) {
        try {
            if (!signature.getSignatureValue().validate(context)) {
                return "signature value does not verify with the key of " + signer;
            }
            return "the signed content was changed after signing (digest mismatch)";
        } catch (XMLSignatureException e) {
            return "signature cannot be checked: " + e.getMessage();
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof RSAKey) {
            return SignatureMethod.RSA_SHA256;
        }
        if (key instanceof ECKey ec) {
            return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> SignatureMethod.ECDSA_SHA256;
                case 384 -> SignatureMethod.ECDSA_SHA384;
                default -> SignatureMethod.ECDSA_SHA512;
            };
        }
        throw PlanetLabException.invalidArgument("cannot sign with a " + key.getAlgorithm() + " key; use an EC or RSA key");
    }
}
