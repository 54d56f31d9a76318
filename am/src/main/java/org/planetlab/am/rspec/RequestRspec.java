package org.planetlab.am.rspec;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A request RSpec v3 as Allocate reads it: the nodes asked for, each bound to one of this
 * aggregate's nodes by {@code component_id}, with the client's name for it and the resource
 * attributes (Architecture §4.10) asked for its sliver in the PlanetLab extension; and the
 * reservations asked for, as PlanetLab's SFA aggregates read them:
 * {@code <lease slice_id="<slice URN>" start_time="<epoch seconds or RFC 3339>" duration="<slots>">}
 * holding {@code <node component_id=.../>}, the duration in slots of the lease granularity.
 */
public record RequestRspec(List<RequestedNode> nodes, List<RequestedLease> leases) {
    private static final XmlLimits LIMITS = new XmlLimits(4 * 1024 * 1024, 32, 100_000);

    /**
     * One node of the request, with the §4.10 attributes asked for its sliver
     * ({@code <planetlab:attribute name= value=>}), by attribute name.
     */
    public record RequestedNode(Urn componentId, Optional<String> clientId, Map<String, String> attributes) {
        public RequestedNode {
            requireNonNull(componentId, "componentId is null");
            requireNonNull(clientId, "clientId is null");
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * One {@code <lease>}: the slice it names (if it names one), its start, its length in slots of
     * the lease granularity, and its nodes.
     */
    public record RequestedLease(Optional<Urn> sliceId, Instant start, long slots, List<Urn> nodes) {
        public RequestedLease {
            requireNonNull(sliceId, "sliceId is null");
            requireNonNull(start, "start is null");
            nodes = List.copyOf(nodes);
        }
    }

    public RequestRspec {
        nodes = List.copyOf(nodes);
        leases = List.copyOf(leases);
    }

    public static RequestRspec parse(String text) {
        Document document;
        try {
            document = SafeXml.parse(text.getBytes(StandardCharsets.UTF_8), LIMITS, "request RSpec");
        } catch (PlanetLabException e) {
            throw GeniException.badArgs("the request RSpec is not acceptable XML: " + e.getMessage());
        }
        Element root = document.getDocumentElement();
        if (!"rspec".equals(root.getLocalName()) || !RspecDocument.NAMESPACE.equals(root.getNamespaceURI())) {
            throw new GeniException(GeniCode.BADVERSION, "the request is <" + root.getNodeName() + "> in namespace "
                    + root.getNamespaceURI() + "; this aggregate reads GENI RSpec v3 (" + RspecDocument.NAMESPACE + ")");
        }
        if (!root.getAttribute("type").equals("request")) {
            throw GeniException.badArgs("the RSpec given to Allocate has type \"" + root.getAttribute("type") + "\"; it must be a request");
        }
        List<RequestedNode> nodes = new ArrayList<>();
        List<RequestedLease> leases = new ArrayList<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element element)) {
                continue;
            }
            if (!RspecDocument.NAMESPACE.equals(element.getNamespaceURI())) {
                throw new GeniException(GeniCode.UNSUPPORTED, "the request's <" + element.getNodeName()
                        + "> (an extension) is not supported by this aggregate; request nodes only");
            }
            switch (element.getLocalName()) {
                case "node" -> nodes.add(node(element));
                case "lease" -> leases.add(lease(element));
                case "link" -> throw new GeniException(GeniCode.UNSUPPORTED, "links are not offered by this aggregate; request nodes only");
                default -> throw GeniException.badArgs("unexpected <" + element.getLocalName() + "> in the request RSpec");
            }
        }
        if (nodes.isEmpty()) {
            throw GeniException.badArgs("the request RSpec asks for no node");
        }
        return new RequestRspec(nodes, leases);
    }

    private static RequestedLease lease(Element element) {
        for (String attribute : List.of("start_time", "duration")) {
            if (!element.hasAttribute(attribute)) {
                throw GeniException.badArgs("a <lease> needs " + attribute + " (start_time in seconds since the epoch or RFC 3339,"
                        + " duration in slots of the lease granularity)");
            }
        }
        String start = element.getAttribute("start_time").strip();
        Instant from;
        if (start.matches("[0-9]{1,12}")) {
            from = Instant.ofEpochSecond(Long.parseLong(start));
        } else {
            try {
                from = OffsetDateTime.parse(start).toInstant();
            } catch (DateTimeParseException e) {
                throw GeniException.badArgs("<lease start_time=\"" + start.substring(0, Math.min(40, start.length()))
                        + "\">: seconds since the epoch or an RFC 3339 time such as 2030-03-17T18:00:00Z");
            }
        }
        String duration = element.getAttribute("duration").strip();
        if (!duration.matches("[1-9][0-9]{0,5}")) {
            throw GeniException.badArgs("<lease duration=\"" + duration.substring(0, Math.min(40, duration.length()))
                    + "\">: a positive number of slots of the lease granularity");
        }
        List<Urn> leased = new ArrayList<>();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element inner) {
                if (!RspecDocument.NAMESPACE.equals(inner.getNamespaceURI()) || !inner.getLocalName().equals("node")
                        || !inner.hasAttribute("component_id")) {
                    throw GeniException.badArgs("a <lease> holds <node component_id=\"...\"/> elements only");
                }
                leased.add(Urn.parse(inner.getAttribute("component_id"), "node"));
            }
        }
        if (leased.isEmpty()) {
            throw GeniException.badArgs("a <lease> names no node");
        }
        Optional<Urn> slice = element.hasAttribute("slice_id") ? Optional.of(Urn.parse(element.getAttribute("slice_id"), "slice"))
                : Optional.empty();
        return new RequestedLease(slice, from, Long.parseLong(duration), leased);
    }

    private static RequestedNode node(Element element) {
        String clientId = element.getAttribute("client_id");
        if (!element.hasAttribute("component_id")) {
            throw new GeniException(GeniCode.UNSUPPORTED, "node " + (clientId.isEmpty() ? "" : "\"" + clientId + "\" ")
                    + "has no component_id; this aggregate allocates named nodes only (see ListResources)");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element inner && RspecDocument.PLANETLAB_NAMESPACE.equals(inner.getNamespaceURI())) {
                if (!inner.getLocalName().equals("attribute") || !inner.hasAttribute("name") || !inner.hasAttribute("value")) {
                    throw GeniException.badArgs("the PlanetLab extension takes <planetlab:attribute name=\"...\" value=\"...\"/> in a node");
                }
                String name = inner.getAttribute("name");
                RspecAttribute attribute = RspecAttribute.lookup(name).orElseThrow(() -> GeniException.badArgs(
                        "\"" + name.substring(0, Math.min(40, name.length())) + "\" is not a PlanetLab sliver attribute; they are "
                                + java.util.Arrays.stream(RspecAttribute.values()).map(RspecAttribute::attributeName).toList()));
                if (attributes.put(attribute.attributeName(), inner.getAttribute("value")) != null) {
                    throw GeniException.badArgs("attribute " + name + " is given twice for one node");
                }
            }
        }
        if (!clientId.isEmpty() && !clientId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw GeniException.badArgs("client_id \"" + clientId.substring(0, Math.min(40, clientId.length()))
                    + "\": 1-64 of letters, digits, '.', '_' and '-'");
        }
        return new RequestedNode(Urn.parse(element.getAttribute("component_id"), "node"),
                clientId.isEmpty() ? Optional.empty() : Optional.of(clientId), attributes);
    }
}
