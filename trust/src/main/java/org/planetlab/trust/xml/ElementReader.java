package org.planetlab.trust.xml;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.crypto.dsig.XMLSignature;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Reads one element of a PlanetLab document strictly: its children must be exactly the expected
 * elements in the expected order (no namespace), text may appear only where a value is expected,
 * and attributes outside the allowed set are refused. Anything unexpected is an error naming the
 * element, so a wrapped, duplicated or smuggled element never goes unnoticed.
 */
public final class ElementReader {
    private final String what;
    private final Element element;
    private final List<Element> children;
    private int position;

    private ElementReader(String what, Element element) {
        this.what = requireNonNull(what, "what is null");
        this.element = requireNonNull(element, "element is null");
        this.children = elementChildren(what, element);
    }

    /** Reads the given element, which must be named {@code name}, have no namespace and only the allowed attributes. */
    public static ElementReader of(String what, Element element, String name, Set<String> attributes) {
        requireName(what, element, name);
        requireAttributes(what, element, attributes);
        return new ElementReader(what, element);
    }

    public Element element() {
        return element;
    }

    /** The next child, which must be named {@code name}. */
    public Element next(String name) {
        if (position >= children.size() || isSignature(children.get(position))) {
            throw malformed(what, "<%s> lacks the <%s> element".formatted(element.getLocalName(), name));
        }
        Element child = children.get(position++);
        requireName(what, child, name);
        return child;
    }

    /** The next child if it is named {@code name}. */
    public Optional<Element> optional(String name) {
        if (position < children.size() && name.equals(children.get(position).getLocalName())
                && children.get(position).getNamespaceURI() == null) {
            return Optional.of(children.get(position++));
        }
        return Optional.empty();
    }

    /** Every following child named {@code name}. */
    public List<Element> repeated(String name) {
        List<Element> found = new ArrayList<>();
        Optional<Element> child;
        while ((child = optional(name)).isPresent()) {
            found.add(child.get());
        }
        return found;
    }

    /** Requires that no child is left. */
    public void end() {
        if (position < children.size()) {
            throw malformed(what, "unexpected %s inside <%s>".formatted(describe(children.get(position)), element.getLocalName()));
        }
    }

    /** Requires that the only child left is the document's XML signature. */
    public void endWithSignature() {
        if (position >= children.size() || !isSignature(children.get(position))) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED,
                    what + ": the document is not signed (no ds:Signature as the last element of <" + element.getLocalName() + ">)");
        }
        position++;
        for (Element extra : children.subList(position, children.size())) {
            if (isSignature(extra)) {
                throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED,
                        what + ": the document holds more than one signature; exactly one is accepted");
            }
        }
        end();
    }

    /** A required attribute. */
    public static String attribute(String what, Element element, String name) {
        Attr attribute = element.getAttributeNodeNS(null, name);
        if (attribute == null) {
            throw malformed(what, "<%s> lacks the attribute %s".formatted(element.getLocalName(), name));
        }
        return attribute.getValue();
    }

    public static Optional<String> optionalAttribute(Element element, String name) {
        Attr attribute = element.getAttributeNodeNS(null, name);
        return attribute == null ? Optional.empty() : Optional.of(attribute.getValue());
    }

    /** The text of an element that may hold nothing but text, with no attributes. */
    public static String text(String what, Element element) {
        requireAttributes(what, element, Set.of());
        StringBuilder text = new StringBuilder();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            switch (child.getNodeType()) {
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text.append(child.getNodeValue());
                default -> throw malformed(what, "<%s> may hold only text, found %s".formatted(element.getLocalName(), describe(child)));
            }
        }
        return text.toString();
    }

    /** Requires an element with nothing inside. */
    public static void requireEmpty(String what, Element element) {
        if (element.hasChildNodes()) {
            throw malformed(what, "<" + element.getLocalName() + "> must be empty");
        }
    }

    public static void requireAttributes(String what, Element element, Set<String> allowed) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (attribute.getNamespaceURI() != null || !allowed.contains(attribute.getLocalName())) {
                throw malformed(what, "attribute %s is not allowed on <%s>".formatted(attribute.getName(), element.getLocalName()));
            }
        }
    }

    static boolean isSignature(Element element) {
        return XMLSignature.XMLNS.equals(element.getNamespaceURI()) && "Signature".equals(element.getLocalName());
    }

    private static void requireName(String what, Element element, String name) {
        if (element.getNamespaceURI() != null || !name.equals(element.getLocalName())) {
            throw malformed(what, "expected <%s> but found %s".formatted(name, describe(element)));
        }
    }

    private static List<Element> elementChildren(String what, Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            switch (child.getNodeType()) {
                case Node.ELEMENT_NODE -> elements.add((Element) child);
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> {
                    if (!child.getNodeValue().isBlank()) {
                        throw malformed(what, "unexpected text inside <" + parent.getLocalName() + ">");
                    }
                }
                default -> throw malformed(what, "unexpected " + describe(child) + " inside <" + parent.getLocalName() + ">");
            }
        }
        return elements;
    }

    private static String describe(Node node) {
        if (node instanceof Element element) {
            String namespace = element.getNamespaceURI();
            return "<" + (namespace == null ? "" : "{" + namespace + "}") + element.getLocalName() + ">";
        }
        return switch (node.getNodeType()) {
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> "text";
            case Node.COMMENT_NODE -> "a comment";
            default -> "XML node type " + node.getNodeType();
        };
    }

    static PlanetLabException malformed(String what, String reason) {
        return new PlanetLabException(ErrorCode.MALFORMED_REQUEST, what + ": " + reason);
    }
}
