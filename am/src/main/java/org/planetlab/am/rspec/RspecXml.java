package org.planetlab.am.rspec;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecWire;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The §4.10 hierarchy of nodes ({@link NodeResources}: pools, and slivers bound from them or from
 * the node) as GENI RSpec v3 in its three forms, and back. Each GENI {@code <node>} carries the
 * PlanetLab extension:
 *
 * <pre>{@code
 * <node component_id="urn:publicid:IDN+plc:princeton+node+planetlab1.cs.princeton.edu" ...>
 *   <planetlab:pool name="plc_japan">
 *     <planetlab:attribute name="cpu_share" value="10" unit="shares"/>
 *     <planetlab:authority name="plc.japan" url="https://..."><planetlab:certificate>PEM</planetlab:certificate></planetlab:authority>
 *     <planetlab:sliver name="japan_demo">
 *       <planetlab:attribute name="cpu_share" value="2" unit="shares"/>
 *       <planetlab:key>ssh-ed25519 ...</planetlab:key>
 *     </planetlab:sliver>
 *   </planetlab:pool>
 *   <planetlab:sliver name="princeton_codeen">...</planetlab:sliver>
 * </node>
 * }</pre>
 *
 * Reading is strict (no DTDs or entities, bounded, every element known) and every RSpec passes the
 * node's own checks, so what reads back is what the node would accept from JSON.
 */
public final class RspecXml {
    private static final XmlLimits LIMITS = new XmlLimits(16 * 1024 * 1024, 32, 1_000_000);
    /**
     * What GENI's own schema puts in a {@code <node>} for its tools (the sliver's type, with the
     * §4.10 defaults in it, the hardware, availability, login services): not the hierarchy, so
     * passed over when the hierarchy is read.
     */
    private static final Set<String> GENI_NODE_PARTS = Set.of("sliver_type", "hardware_type", "available", "services", "location");

    /** The three forms of RSpec v3, with their schemas. */
    public enum Form {
        ADVERTISEMENT("advertisement", RspecDocument.AD_SCHEMA),
        REQUEST("request", RspecDocument.REQUEST_SCHEMA),
        MANIFEST("manifest", RspecDocument.MANIFEST_SCHEMA);

        private final String type;
        private final String schema;

        Form(String type, String schema) {
            this.type = type;
            this.schema = schema;
        }

        static Form of(String type) {
            for (Form form : values()) {
                if (form.type.equals(type)) {
                    return form;
                }
            }
            throw GeniException.badArgs("RSpec type \"" + type + "\" is none of advertisement, request, manifest");
        }
    }

    /** An RSpec read back: its form and its nodes. */
    public record Read(Form form, List<NodeResources> nodes) {
        public Read {
            requireNonNull(form, "form is null");
            nodes = List.copyOf(nodes);
        }
    }

    private RspecXml() {
    }

    public static String write(Form form, List<NodeResources> nodes, Instant generated) {
        RspecDocument document = new RspecDocument(form.type, form.schema, generated);
        for (NodeResources resources : nodes) {
            Element node = document.add(document.root(), "node");
            node.setAttribute("component_id", resources.componentId().toString());
            node.setAttribute("component_name", resources.componentId().name());
            node.setAttribute("exclusive", "false");
            if (form != Form.ADVERTISEMENT) {
                node.setAttribute("client_id", resources.componentId().name());
                document.add(node, "sliver_type").setAttribute("name", "plab-vserver");
            }
            writeHierarchy(document, node, resources);
        }
        return document.text();
    }

    /**
     * The node's pools and slivers in the PlanetLab extension, under a GENI {@code <node>} the
     * caller wrote with what GENI tools read (component_id, sliver_type, services...).
     */
    public static void writeHierarchy(RspecDocument document, Element node, NodeResources resources) {
        for (NodeResources.Pool pool : resources.pools()) {
            Element element = document.addExtension(node, "pool");
            element.setAttribute("name", pool.name());
            writeRspec(document, element, pool.rspec());
            for (NodeResources.Sliver sliver : pool.slivers()) {
                writeSliver(document, element, sliver);
            }
        }
        for (NodeResources.Sliver sliver : resources.slivers()) {
            writeSliver(document, node, sliver);
        }
    }

    public static Read read(String xml) {
        Element root = SafeXml.parse(xml, LIMITS, "RSpec").getDocumentElement();
        if (!"rspec".equals(root.getLocalName()) || !RspecDocument.NAMESPACE.equals(root.getNamespaceURI())) {
            throw new GeniException(GeniCode.BADVERSION, "<" + root.getNodeName() + "> in namespace " + root.getNamespaceURI()
                    + " is not GENI RSpec v3 (" + RspecDocument.NAMESPACE + ")");
        }
        Form form = Form.of(root.getAttribute("type"));
        List<NodeResources> nodes = new ArrayList<>();
        for (Element node : children(root)) {
            if (!RspecDocument.NAMESPACE.equals(node.getNamespaceURI()) || !node.getLocalName().equals("node")) {
                throw GeniException.badArgs("unexpected <" + node.getNodeName() + "> in the RSpec; only nodes are read");
            }
            Urn componentId = Urn.parse(node.getAttribute("component_id"), "node");
            List<NodeResources.Pool> pools = new ArrayList<>();
            List<NodeResources.Sliver> slivers = new ArrayList<>();
            for (Element child : children(node)) {
                if (RspecDocument.NAMESPACE.equals(child.getNamespaceURI()) && GENI_NODE_PARTS.contains(child.getLocalName())) {
                    continue;
                }
                switch (extension(child)) {
                    case "pool" -> pools.add(pool(child));
                    case "sliver" -> slivers.add(sliver(child));
                    default -> throw GeniException.badArgs("unexpected <" + child.getNodeName() + "> in node " + componentId);
                }
            }
            nodes.add(new NodeResources(componentId, pools, slivers));
        }
        return new Read(form, nodes);
    }

    private static void writeSliver(RspecDocument document, Element parent, NodeResources.Sliver sliver) {
        Element element = document.addExtension(parent, "sliver");
        element.setAttribute("name", sliver.name());
        writeRspec(document, element, sliver.rspec());
    }

    private static void writeRspec(RspecDocument document, Element parent, Rspec rspec) {
        // In the attributes' own order, so the same RSpec is always the same text.
        Map<String, String> attributes = new LinkedHashMap<>();
        new java.util.TreeMap<>(rspec.attributes()).forEach((attribute, value) -> attributes.put(attribute.attributeName(), value));
        document.addAttributes(parent, attributes);
        for (String key : rspec.keys()) {
            document.addExtension(parent, "key").setTextContent(key);
        }
        if (!rspec.authority().isEmpty()) {
            Element authority = document.addExtension(parent, "authority");
            authority.setAttribute("name", rspec.authority());
            if (!rspec.authorityUrl().isEmpty()) {
                authority.setAttribute("url", rspec.authorityUrl());
            }
            if (!rspec.authorityCertificate().isEmpty()) {
                document.addExtension(authority, "certificate").setTextContent(rspec.authorityCertificate());
            }
            if (!rspec.authorityCa().isEmpty()) {
                document.addExtension(authority, "ca").setTextContent(rspec.authorityCa());
            }
        }
    }

    private static NodeResources.Pool pool(Element element) {
        List<NodeResources.Sliver> slivers = new ArrayList<>();
        Map<String, Object> wire = new LinkedHashMap<>();
        for (Element child : children(element)) {
            if (extension(child).equals("sliver")) {
                slivers.add(sliver(child));
            } else {
                readRspecPart(child, wire);
            }
        }
        return new NodeResources.Pool(element.getAttribute("name"), RspecWire.fromWire(wire), slivers);
    }

    private static NodeResources.Sliver sliver(Element element) {
        Map<String, Object> wire = new LinkedHashMap<>();
        for (Element child : children(element)) {
            readRspecPart(child, wire);
        }
        return new NodeResources.Sliver(element.getAttribute("name"), RspecWire.fromWire(wire));
    }

    /** One attribute, key or authority of an RSpec, into its JSON form. */
    private static void readRspecPart(Element element, Map<String, Object> wire) {
        switch (extension(element)) {
            case "attribute" -> {
                String name = element.getAttribute("name");
                if (wire.putIfAbsent(name, element.getAttribute("value")) != null || name.equals("keys") || name.startsWith("authority")) {
                    throw GeniException.badArgs("attribute \"" + name + "\" is given twice or is not an attribute");
                }
            }
            case "key" -> {
                @SuppressWarnings("unchecked")
                List<Object> keys = (List<Object>) wire.computeIfAbsent("keys", name -> new ArrayList<>());
                keys.add(element.getTextContent());
            }
            case "authority" -> {
                if (wire.containsKey("authority")) {
                    throw GeniException.badArgs("an RSpec names one authority");
                }
                wire.put("authority", element.getAttribute("name"));
                if (element.hasAttribute("url")) {
                    wire.put("authority_url", element.getAttribute("url"));
                }
                for (Element child : children(element)) {
                    switch (extension(child)) {
                        case "certificate" -> wire.put("authority_cert", child.getTextContent());
                        case "ca" -> wire.put("authority_ca", child.getTextContent());
                        default -> throw GeniException.badArgs("unexpected <" + child.getNodeName() + "> in an authority");
                    }
                }
            }
            default -> throw GeniException.badArgs("unexpected <" + element.getNodeName() + "> in a pool or sliver");
        }
    }

    /** The local name of a PlanetLab extension element; BADARGS for anything else. */
    private static String extension(Element element) {
        if (!RspecDocument.PLANETLAB_NAMESPACE.equals(element.getNamespaceURI())) {
            throw GeniException.badArgs("unexpected <" + element.getNodeName() + "> (namespace " + element.getNamespaceURI()
                    + ") where the PlanetLab extension (" + RspecDocument.PLANETLAB_NAMESPACE + ") is expected");
        }
        return element.getLocalName();
    }

    /** The element children; text other than white space between elements is refused. */
    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            } else if (child.getNodeType() == Node.TEXT_NODE && !child.getTextContent().isBlank()) {
                throw GeniException.badArgs("unexpected text in <" + parent.getNodeName() + ">");
            }
        }
        return elements;
    }
}
