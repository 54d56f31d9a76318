package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyFingerprint;
import org.planetlab.trust.xml.ElementReader;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The {@code <issuer>} element shared by certificates, tickets and leases:
 * {@code <issuer><root key-id="sha256:..."/></issuer>} or
 * {@code <issuer><certificate>...</certificate></issuer>} with the issuer's whole signed certificate.
 */
public final class IssuerXml {
    /** Deepest chain of embedded certificates accepted while parsing. */
    public static final int MAX_EMBEDDED = 8;

    private IssuerXml() {
    }

    public static Element write(Document document, IssuerReference issuer) {
        requireNonNull(issuer, "issuer is null");
        Element element = document.createElementNS(null, "issuer");
        switch (issuer) {
            case IssuerReference.Root root -> {
                Element rootElement = document.createElementNS(null, "root");
                rootElement.setAttributeNS(null, "key-id", root.keyId().value());
                element.appendChild(rootElement);
            }
            case IssuerReference.Embedded embedded -> {
                Document certificate = SafeXml.parse(embedded.certificate().xml(), XmlLimits.DEFAULT, "issuer certificate");
                element.appendChild(document.importNode(certificate.getDocumentElement(), true));
            }
        }
        return element;
    }

    public static IssuerReference read(String what, Element issuer, int nesting) {
        ElementReader reader = ElementReader.of(what, issuer, "issuer", Set.of());
        var root = reader.optional("root");
        if (root.isPresent()) {
            reader.end();
            ElementReader.requireAttributes(what, root.get(), Set.of("key-id"));
            ElementReader.requireEmpty(what, root.get());
            String keyId = ElementReader.attribute(what, root.get(), "key-id");
            try {
                return new IssuerReference.Root(new KeyFingerprint(keyId));
            } catch (PlanetLabException e) {
                throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, what + ": issuer " + e.getMessage());
            }
        }
        Element certificate = reader.next("certificate");
        reader.end();
        if (nesting >= MAX_EMBEDDED) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED,
                    what + ": certificate chain: more than " + MAX_EMBEDDED + " embedded issuer certificates");
        }
        return new IssuerReference.Embedded(CertificateXml.read(SafeXml.serialize(certificate), nesting + 1));
    }
}
