package org.planetlab.trust.cert;

import java.util.Set;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.xml.ElementReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One subject element: {@code <person email=".."/>}, {@code <node id=".." hostname=".."/>},
 * {@code <authority name=".." role="slice|management"/>} or
 * {@code <service slice=".." node-id=".." hostname=".."/>}.
 */
final class SubjectXml {
    private SubjectXml() {
    }

    static Element write(Document document, Subject subject) {
        return switch (subject) {
            case PersonSubject person -> element(document, "person", "email", person.email());
            case NodeSubject node -> element(document, "node", "id", Long.toString(node.nodeId()), "hostname", node.hostname());
            case AuthoritySubject authority -> element(document, "authority", "name", authority.name(), "role", authority.role().xmlName());
            case ServiceSubject service -> element(document, "service", "slice", service.sliceName(),
                    "node-id", Long.toString(service.node().nodeId()), "hostname", service.node().hostname());
        };
    }

    static Subject read(String what, Element element) {
        ElementReader.requireEmpty(what, element);
        try {
            return switch (element.getNamespaceURI() == null ? element.getLocalName() : "") {
                case "person" -> {
                    ElementReader.requireAttributes(what, element, Set.of("email"));
                    yield new PersonSubject(ElementReader.attribute(what, element, "email"));
                }
                case "node" -> {
                    ElementReader.requireAttributes(what, element, Set.of("id", "hostname"));
                    yield new NodeSubject(Names.parseNodeId(ElementReader.attribute(what, element, "id"), "node id"),
                            ElementReader.attribute(what, element, "hostname"));
                }
                case "authority" -> {
                    ElementReader.requireAttributes(what, element, Set.of("name", "role"));
                    yield new AuthoritySubject(ElementReader.attribute(what, element, "name"),
                            AuthorityRole.fromXmlName(ElementReader.attribute(what, element, "role")));
                }
                case "service" -> {
                    ElementReader.requireAttributes(what, element, Set.of("slice", "node-id", "hostname"));
                    yield new ServiceSubject(ElementReader.attribute(what, element, "slice"),
                            new NodeSubject(Names.parseNodeId(ElementReader.attribute(what, element, "node-id"), "node id"),
                                    ElementReader.attribute(what, element, "hostname")));
                }
                default -> throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST,
                        what + ": unknown subject kind <" + element.getLocalName() + ">; expected person, node, authority or service");
            };
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, what + ": subject: " + e.getMessage());
            }
            throw e;
        }
    }

    private static Element element(Document document, String name, String... attributes) {
        Element element = document.createElementNS(null, name);
        for (int i = 0; i < attributes.length; i += 2) {
            element.setAttributeNS(null, attributes[i], attributes[i + 1]);
        }
        return element;
    }
}
