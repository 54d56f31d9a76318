package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.IssuerReference;
import org.planetlab.trust.cert.IssuerXml;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.cert.ValidityXml;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.xml.ElementReader;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The XML form of a release key delegation, signed by a trust root:
 *
 * <pre>{@code
 * <release-delegation version="1">
 *   <sequence>2</sequence>
 *   <release-key>-----BEGIN PUBLIC KEY-----...</release-key>
 *   <validity not-before="..." not-after="..."/>
 *   <issuer><root key-id="sha256:..."/></issuer>
 *   <ds:Signature>...</ds:Signature>
 * </release-delegation>
 * }</pre>
 */
public final class ReleaseDelegationXml {
    static final String WHAT = "release key delegation";

    private ReleaseDelegationXml() {
    }

    /** A delegation as read, before verification. */
    public record Parsed(ReleaseDelegation delegation, IssuerReference issuer) {
        public Parsed {
            requireNonNull(delegation, "delegation is null");
            requireNonNull(issuer, "issuer is null");
        }
    }

    public static Parsed parse(String xml) {
        requireNonNull(xml, "xml is null");
        Element root = SafeXml.parse(xml, XmlLimits.DEFAULT, WHAT).getDocumentElement();
        ElementReader reader = MetadataXml.read(WHAT, root, "release-delegation");
        try {
            long sequence = MetadataXml.number(WHAT, "sequence", ElementReader.text(WHAT, reader.next("sequence")));
            String key = ElementReader.text(WHAT, reader.next("release-key"));
            Validity validity = ValidityXml.read(WHAT, reader.next("validity"));
            IssuerReference issuer = IssuerXml.read(WHAT, reader.next("issuer"), 0);
            reader.endWithSignature();
            return new Parsed(new ReleaseDelegation(sequence, Pem.readPublicKey(key), validity), issuer);
        } catch (PlanetLabException e) {
            throw MetadataXml.malformed(WHAT, e);
        }
    }

    static Document unsigned(ReleaseDelegation delegation, IssuerReference issuer) {
        Document document = SafeXml.newDocument();
        Element root = MetadataXml.root(document, "release-delegation");
        MetadataXml.child(document, root, "sequence").setTextContent(Long.toString(delegation.sequence()));
        MetadataXml.child(document, root, "release-key").setTextContent(Pem.write(delegation.releaseKey()));
        root.appendChild(ValidityXml.write(document, delegation.validity()));
        root.appendChild(IssuerXml.write(document, issuer));
        return document;
    }
}
