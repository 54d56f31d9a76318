package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.planetlab.api.error.ErrorCode;
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
 * The XML form of a ticket:
 *
 * <pre>{@code
 * <ticket version="1">
 *   <id>32 hex digits</id>
 *   <slice name="princeton_codeen"/>
 *   <principals><principal email="alice@example.org"/><principal key="sha256:..."/></principals>
 *   <nodes any="true"/>                      (or <nodes><node hostname="planetlab1.example.org"/>...</nodes>)
 *   <resources><attribute name="cpu_share">2</attribute>...</resources>
 *   <validity not-before="..." not-after="..."/>
 *   <issuer>...</issuer>
 *   <ds:Signature>...</ds:Signature>
 * </ticket>
 * }</pre>
 */
public final class TicketXml {
    static final String WHAT = "ticket";

    private TicketXml() {
    }

    /** A ticket document as read, before verification. */
    public record Parsed(Ticket ticket, IssuerReference issuer, String xml) {
        public Parsed {
            requireNonNull(ticket, "ticket is null");
            requireNonNull(issuer, "issuer is null");
            requireNonNull(xml, "xml is null");
        }
    }

    /** Reads a ticket document without verifying it. */
    public static Parsed parse(String xml) {
        requireNonNull(xml, "xml is null");
        Element root = SafeXml.parse(xml, XmlLimits.DEFAULT, WHAT).getDocumentElement();
        ElementReader reader = ElementReader.of(WHAT, root, "ticket", Set.of("version"));
        requireVersion(root);
        try {
            String id = ElementReader.text(WHAT, reader.next("id"));
            Element slice = reader.next("slice");
            ElementReader.requireAttributes(WHAT, slice, Set.of("name"));
            ElementReader.requireEmpty(WHAT, slice);
            String sliceName = ElementReader.attribute(WHAT, slice, "name");
            List<TicketPrincipal> principals = readPrincipals(reader.next("principals"));
            TicketNodes nodes = readNodes(reader.next("nodes"));
            Map<String, String> resources = readResources(reader.next("resources"));
            Validity validity = ValidityXml.read(WHAT, reader.next("validity"));
            IssuerReference issuer = IssuerXml.read(WHAT, reader.next("issuer"), 0);
            reader.endWithSignature();
            return new Parsed(new Ticket(id, sliceName, principals, nodes, new TreeMap<>(resources), validity), issuer, xml);
        } catch (PlanetLabException e) {
            throw SignedDocument.malformed(WHAT, e);
        }
    }

    static Document unsigned(Ticket ticket, IssuerReference issuer) {
        Document document = SafeXml.newDocument();
        Element root = child(document, null, "ticket");
        root.setAttributeNS(null, "version", "1");
        child(document, root, "id").setTextContent(ticket.id());
        child(document, root, "slice").setAttributeNS(null, "name", ticket.sliceName());
        Element principals = child(document, root, "principals");
        ticket.principals().forEach(principal -> principals.appendChild(PrincipalXml.write(document, principal)));
        Element nodes = child(document, root, "nodes");
        switch (ticket.nodes()) {
            case TicketNodes.AnyNode ignored -> nodes.setAttributeNS(null, "any", "true");
            case TicketNodes.Listed listed -> listed.hostnames().forEach(
                    hostname -> child(document, nodes, "node").setAttributeNS(null, "hostname", hostname));
        }
        Element resources = child(document, root, "resources");
        ticket.resources().forEach((name, value) -> {
            Element attribute = child(document, resources, "attribute");
            attribute.setAttributeNS(null, "name", name);
            attribute.setTextContent(value);
        });
        root.appendChild(ValidityXml.write(document, ticket.validity()));
        root.appendChild(IssuerXml.write(document, issuer));
        return document;
    }

    static void requireVersion(Element root) {
        String version = ElementReader.attribute(root.getLocalName(), root, "version");
        if (!version.equals("1")) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, root.getLocalName() + ": version is not supported; expected 1");
        }
    }

    static Element child(Document document, Element parent, String name) {
        Element element = document.createElementNS(null, name);
        if (parent == null) {
            document.appendChild(element);
        } else {
            parent.appendChild(element);
        }
        return element;
    }

    private static List<TicketPrincipal> readPrincipals(Element element) {
        ElementReader reader = ElementReader.of(WHAT, element, "principals", Set.of());
        List<TicketPrincipal> principals = new ArrayList<>();
        for (Element principal : reader.repeated("principal")) {
            principals.add(PrincipalXml.read(WHAT, principal));
        }
        reader.end();
        return principals;
    }

    private static TicketNodes readNodes(Element element) {
        ElementReader reader = ElementReader.of(WHAT, element, "nodes", Set.of("any"));
        Optional<String> any = ElementReader.optionalAttribute(element, "any");
        if (any.isPresent()) {
            if (!any.get().equals("true")) {
                throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, WHAT + ": <nodes any> must be \"true\" when present");
            }
            reader.end();
            return new TicketNodes.AnyNode();
        }
        TreeSet<String> hostnames = new TreeSet<>();
        for (Element node : reader.repeated("node")) {
            ElementReader.requireAttributes(WHAT, node, Set.of("hostname"));
            ElementReader.requireEmpty(WHAT, node);
            if (!hostnames.add(ElementReader.attribute(WHAT, node, "hostname"))) {
                throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, WHAT + ": a node is listed twice");
            }
        }
        reader.end();
        return new TicketNodes.Listed(hostnames);
    }

    private static Map<String, String> readResources(Element element) {
        ElementReader reader = ElementReader.of(WHAT, element, "resources", Set.of());
        Map<String, String> resources = new TreeMap<>();
        for (Element attribute : reader.repeated("attribute")) {
            ElementReader.requireAttributes(WHAT, attribute, Set.of("name"));
            String name = ElementReader.attribute(WHAT, attribute, "name");
            String value = readText(attribute);
            if (resources.put(name, value) != null) {
                throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, WHAT + ": RSpec attribute " + name + " appears twice");
            }
        }
        reader.end();
        return resources;
    }

    private static String readText(Element attribute) {
        Element copy = (Element) attribute.cloneNode(true);
        copy.removeAttributeNS(null, "name");
        return ElementReader.text(WHAT, copy);
    }
}
