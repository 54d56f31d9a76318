package org.planetlab.am.rspec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.trust.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * An RSpec v3 document being written ({@code http://www.geni.net/resources/rspec/3}) with the
 * PlanetLab extension for the resource attributes of a sliver (Architecture §4.10):
 * {@code <planetlab:attribute name="cpu_share" value="1" unit="shares"/>} inside a node.
 */
public final class RspecDocument {
    public static final String NAMESPACE = "http://www.geni.net/resources/rspec/3";
    public static final String PLANETLAB_NAMESPACE = "http://www.planet-lab.org/resources/rspec/ext/planetlab/1";
    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    public static final String AD_SCHEMA = "http://www.geni.net/resources/rspec/3/ad.xsd";
    public static final String REQUEST_SCHEMA = "http://www.geni.net/resources/rspec/3/request.xsd";
    public static final String MANIFEST_SCHEMA = "http://www.geni.net/resources/rspec/3/manifest.xsd";

    private final Document document;
    private final Element root;

    /** @param type {@code advertisement}, {@code request} or {@code manifest} */
    public RspecDocument(String type, String schema, Instant generated) {
        document = SafeXml.newDocument();
        root = document.createElementNS(NAMESPACE, "rspec");
        document.appendChild(root);
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:xsi", XSI);
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:planetlab", PLANETLAB_NAMESPACE);
        root.setAttributeNS(XSI, "xsi:schemaLocation", NAMESPACE + " " + schema);
        root.setAttribute("type", type);
        root.setAttribute("generated", time(generated));
    }

    public Element root() {
        return root;
    }

    /** A new element of the RSpec namespace under {@code parent}. */
    public Element add(Element parent, String name) {
        Element element = document.createElementNS(NAMESPACE, name);
        parent.appendChild(element);
        return element;
    }

    /** A new element of the PlanetLab extension ({@code planetlab:<name>}) under {@code parent}. */
    public Element addExtension(Element parent, String name) {
        Element element = document.createElementNS(PLANETLAB_NAMESPACE, "planetlab:" + name);
        parent.appendChild(element);
        return element;
    }

    /** The §4.10 attributes of a sliver at their defaults, as the extension writes them. */
    public void addAttributes(Element node) {
        java.util.Map<String, String> defaults = new java.util.LinkedHashMap<>();
        for (RspecAttribute attribute : RspecAttribute.values()) {
            defaults.put(attribute.attributeName(), attribute.defaultValue());
        }
        addAttributes(node, defaults);
    }

    /** The §4.10 attributes of a sliver with these values, by attribute name. */
    public void addAttributes(Element node, java.util.Map<String, String> values) {
        for (java.util.Map.Entry<String, String> value : values.entrySet()) {
            RspecAttribute attribute = RspecAttribute.lookup(value.getKey()).orElse(null);
            if (attribute == null) {
                continue;
            }
            Element element = document.createElementNS(PLANETLAB_NAMESPACE, "planetlab:attribute");
            element.setAttribute("name", attribute.attributeName());
            element.setAttribute("value", value.getValue());
            if (!attribute.unit().isEmpty()) {
                element.setAttribute("unit", attribute.unit());
            }
            node.appendChild(element);
        }
    }

    public String text() {
        return SafeXml.serialize(document);
    }

    public static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** An RSpec as {@code geni_compressed} asks: zlib-compressed, then base64. */
    public static String compressed(String rspec) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_COMPRESSION))) {
            out.write(rspec.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
