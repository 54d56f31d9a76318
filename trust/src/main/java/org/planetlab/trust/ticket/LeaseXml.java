package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.IssuerReference;
import org.planetlab.trust.cert.IssuerXml;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.cert.ValidityXml;
import org.planetlab.trust.xml.ElementReader;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The XML form of a lease (2003 Figure 2, with SHA-256 and an XML-DSig signature):
 *
 * <pre>{@code
 * <lease version="1">
 *   <id>..</id><ticket-id>..</ticket-id>
 *   <slice name="oceanstore"/>
 *   <principal key="sha256:..."/>
 *   <address>12.155.161.149</address>
 *   <validity not-before="2002-12-07T01:52:26Z" not-after="2003-06-07T01:52:26Z"/>
 *   <issuer><certificate>(the node's certificate)</certificate></issuer>
 *   <ds:Signature>...</ds:Signature>
 * </lease>
 * }</pre>
 */
public final class LeaseXml {
    static final String WHAT = "lease";

    private LeaseXml() {
    }

    /** A lease document as read, before verification. */
    public record Parsed(Lease lease, IssuerReference issuer, String xml) {
        public Parsed {
            requireNonNull(lease, "lease is null");
            requireNonNull(issuer, "issuer is null");
            requireNonNull(xml, "xml is null");
        }
    }

    public static Parsed parse(String xml) {
        requireNonNull(xml, "xml is null");
        Element root = SafeXml.parse(xml, XmlLimits.DEFAULT, WHAT).getDocumentElement();
        ElementReader reader = ElementReader.of(WHAT, root, "lease", Set.of("version"));
        TicketXml.requireVersion(root);
        try {
            String id = ElementReader.text(WHAT, reader.next("id"));
            String ticketId = ElementReader.text(WHAT, reader.next("ticket-id"));
            Element slice = reader.next("slice");
            ElementReader.requireAttributes(WHAT, slice, Set.of("name"));
            ElementReader.requireEmpty(WHAT, slice);
            TicketPrincipal principal = PrincipalXml.read(WHAT, reader.next("principal"));
            String address = ElementReader.text(WHAT, reader.next("address"));
            Validity interval = ValidityXml.read(WHAT, reader.next("validity"));
            IssuerReference issuer = IssuerXml.read(WHAT, reader.next("issuer"), 0);
            reader.endWithSignature();
            return new Parsed(new Lease(id, ticketId, ElementReader.attribute(WHAT, slice, "name"), principal, address, interval), issuer, xml);
        } catch (PlanetLabException e) {
            throw SignedDocument.malformed(WHAT, e);
        }
    }

    static Document unsigned(Lease lease, IssuerReference issuer) {
        Document document = SafeXml.newDocument();
        Element root = TicketXml.child(document, null, "lease");
        root.setAttributeNS(null, "version", "1");
        TicketXml.child(document, root, "id").setTextContent(lease.id());
        TicketXml.child(document, root, "ticket-id").setTextContent(lease.ticketId());
        TicketXml.child(document, root, "slice").setAttributeNS(null, "name", lease.sliceName());
        root.appendChild(PrincipalXml.write(document, lease.principal()));
        TicketXml.child(document, root, "address").setTextContent(lease.address());
        root.appendChild(ValidityXml.write(document, lease.interval()));
        root.appendChild(IssuerXml.write(document, issuer));
        return document;
    }

    static XmlLimits limits() {
        return XmlLimits.DEFAULT;
    }
}
