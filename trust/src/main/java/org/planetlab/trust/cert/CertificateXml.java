package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Set;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.xml.ElementReader;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The XML form of a certificate (Architecture §5.1.2):
 *
 * <pre>{@code
 * <certificate version="1">
 *   <serial>32 hex digits</serial>
 *   <subject><authority name="plc.sa" role="slice"/><public-key>-----BEGIN PUBLIC KEY-----...</public-key></subject>
 *   <may-issue>true</may-issue>
 *   <validity not-before="2025-01-01T00:00:00Z" not-after="2026-01-01T00:00:00Z"/>
 *   <issuer><root key-id="sha256:..."/></issuer>          (or <issuer><certificate>...</certificate></issuer>)
 *   <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">...</ds:Signature>
 * </certificate>
 * }</pre>
 *
 * Elements carry no namespace, so an embedded certificate is byte-for-byte the same document
 * wherever it is copied. Parsing checks the structure only; signatures are checked by
 * {@link ChainVerifier}.
 */
public final class CertificateXml {
    static final String WHAT = "certificate";

    private CertificateXml() {
    }

    /** Reads a certificate document without verifying it. */
    public static Certificate parse(String xml) {
        return read(requireNonNull(xml, "xml is null"), 0);
    }

    public static Certificate parse(byte[] xml) {
        return parse(new String(requireNonNull(xml, "xml is null"), StandardCharsets.UTF_8));
    }

    static Certificate read(String xml, int nesting) {
        Document document = SafeXml.parse(xml, XmlLimits.DEFAULT, WHAT);
        Element root = document.getDocumentElement();
        ElementReader reader = ElementReader.of(WHAT, root, "certificate", Set.of("version"));
        String version = ElementReader.attribute(WHAT, root, "version");
        if (!version.equals("1")) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, WHAT + ": version \"" + Names.shorten(version) + "\" is not supported; expected 1");
        }
        String serial = ElementReader.text(WHAT, reader.next("serial"));
        ElementReader subjectReader = ElementReader.of(WHAT, reader.next("subject"), "subject", Set.of());
        Element subjectElement = subjectReader.optional("person")
                .or(() -> subjectReader.optional("node"))
                .or(() -> subjectReader.optional("authority"))
                .or(() -> subjectReader.optional("service"))
                .orElseThrow(() -> new PlanetLabException(ErrorCode.MALFORMED_REQUEST,
                        WHAT + ": <subject> must start with <person>, <node>, <authority> or <service>"));
        Subject subject = SubjectXml.read(WHAT, subjectElement);
        PublicKey publicKey = readKey(ElementReader.text(WHAT, subjectReader.next("public-key")));
        subjectReader.end();
        boolean mayIssue = readBoolean(ElementReader.text(WHAT, reader.next("may-issue")));
        Validity validity = ValidityXml.read(WHAT, reader.next("validity"));
        IssuerReference issuer = IssuerXml.read(WHAT, reader.next("issuer"), nesting);
        reader.endWithSignature();
        try {
            return new Certificate(serial, subject, publicKey, mayIssue, validity, issuer, xml);
        } catch (PlanetLabException e) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, WHAT + ": " + e.getMessage());
        }
    }

    /** Builds the unsigned document for the given statements. */
    static Document unsigned(String serial, Subject subject, PublicKey publicKey, boolean mayIssue, Validity validity,
                             IssuerReference issuer) {
        Document document = SafeXml.newDocument();
        Element root = document.createElementNS(null, "certificate");
        root.setAttributeNS(null, "version", "1");
        document.appendChild(root);
        appendText(document, root, "serial", serial);
        Element subjectElement = document.createElementNS(null, "subject");
        subjectElement.appendChild(SubjectXml.write(document, subject));
        appendText(document, subjectElement, "public-key", Pem.write(publicKey));
        root.appendChild(subjectElement);
        appendText(document, root, "may-issue", Boolean.toString(mayIssue));
        root.appendChild(ValidityXml.write(document, validity));
        root.appendChild(IssuerXml.write(document, issuer));
        return document;
    }

    private static void appendText(Document document, Element parent, String name, String text) {
        Element element = document.createElementNS(null, name);
        element.setTextContent(text);
        parent.appendChild(element);
    }

    private static PublicKey readKey(String pem) {
        try {
            return Pem.readPublicKey(pem);
        } catch (PlanetLabException e) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, WHAT + ": subject public key: " + e.getMessage());
        }
    }

    private static boolean readBoolean(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, WHAT + ": <may-issue> must be true or false");
        };
    }
}
