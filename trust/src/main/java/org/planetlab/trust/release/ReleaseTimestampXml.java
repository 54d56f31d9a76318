package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.cert.ValidityXml;
import org.planetlab.trust.key.KeyFingerprint;
import org.planetlab.trust.xml.ElementReader;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The XML form of a release timestamp, signed by the release key:
 *
 * <pre>{@code
 * <release-timestamp version="1">
 *   <sequence>1765000000000</sequence>
 *   <release number="3" length="812" sha256="..."/>
 *   <validity not-before="..." not-after="..."/>
 *   <signer key-id="sha256:..."/>
 *   <ds:Signature>...</ds:Signature>
 * </release-timestamp>
 * }</pre>
 */
public final class ReleaseTimestampXml {
    static final String WHAT = "release timestamp";

    private ReleaseTimestampXml() {
    }

    /** A timestamp as read, before verification. */
    public record Parsed(ReleaseTimestamp timestamp, KeyFingerprint signer) {
        public Parsed {
            requireNonNull(timestamp, "timestamp is null");
            requireNonNull(signer, "signer is null");
        }
    }

    public static Parsed parse(String xml) {
        requireNonNull(xml, "xml is null");
        Element root = SafeXml.parse(xml, XmlLimits.DEFAULT, WHAT).getDocumentElement();
        ElementReader reader = MetadataXml.read(WHAT, root, "release-timestamp");
        try {
            long sequence = MetadataXml.number(WHAT, "sequence", ElementReader.text(WHAT, reader.next("sequence")));
            Element release = reader.next("release");
            ElementReader.requireAttributes(WHAT, release, Set.of("number", "length", "sha256"));
            ElementReader.requireEmpty(WHAT, release);
            long number = MetadataXml.number(WHAT, "release number", ElementReader.attribute(WHAT, release, "number"));
            long length = MetadataXml.number(WHAT, "release length", ElementReader.attribute(WHAT, release, "length"));
            String digest = ElementReader.attribute(WHAT, release, "sha256");
            Validity validity = ValidityXml.read(WHAT, reader.next("validity"));
            KeyFingerprint signer = MetadataXml.readSigner(WHAT, reader.next("signer"));
            reader.endWithSignature();
            return new Parsed(new ReleaseTimestamp(sequence, number, digest, length, validity), signer);
        } catch (PlanetLabException e) {
            throw MetadataXml.malformed(WHAT, e);
        }
    }

    static Document unsigned(ReleaseTimestamp timestamp, KeyFingerprint signer) {
        Document document = SafeXml.newDocument();
        Element root = MetadataXml.root(document, "release-timestamp");
        MetadataXml.child(document, root, "sequence").setTextContent(Long.toString(timestamp.sequence()));
        Element release = MetadataXml.child(document, root, "release");
        release.setAttributeNS(null, "number", Long.toString(timestamp.releaseNumber()));
        release.setAttributeNS(null, "length", Long.toString(timestamp.releaseLength()));
        release.setAttributeNS(null, "sha256", timestamp.releaseSha256());
        root.appendChild(ValidityXml.write(document, timestamp.validity()));
        MetadataXml.writeSigner(document, root, signer);
        return document;
    }
}
