package org.planetlab.am.credential;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.crypto.dsig.XMLSignature;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.gid.Gid;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the elements of a {@code <signed-credential>} as SFA writes them: one {@code <credential>}
 * (with {@code xml:id}), whose {@code <parent>} holds the credential it was delegated from, and one
 * {@code <signatures>} holding every signature of the chain. Unknown elements are refused: a
 * reader that skips what it does not know reads a different document than the signer meant.
 */
final class CredentialReader {
    static final String XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
    static final int MAX_CHAIN = 8;
    private static final Set<String> FIELDS = Set.of("type", "serial", "owner_gid", "owner_urn", "target_gid",
            "target_urn", "uuid", "expires", "privileges", "parent");

    private CredentialReader() {
    }

    /** The top credential and the signatures of a signed credential's root element. */
    record Parts(GeniCredential credential, List<Element> signatures) {}

    static Parts read(Element root) {
        if (root.getNamespaceURI() != null || !root.getLocalName().equals("signed-credential")) {
            throw refused("the document is <" + root.getNodeName() + ">, not a GENI <signed-credential>");
        }
        Element credential = null;
        Element signatures = null;
        for (Element child : children(root)) {
            switch (child.getLocalName()) {
                case "credential" -> credential = once(credential, child);
                case "signatures" -> signatures = once(signatures, child);
                default -> throw refused("unexpected <" + child.getNodeName() + "> in <signed-credential>");
            }
        }
        if (credential == null) {
            throw refused("<signed-credential> holds no <credential>");
        }
        if (signatures == null) {
            throw refused("the credential is not signed: <signed-credential> holds no <signatures>");
        }
        List<Element> signatureElements = new ArrayList<>();
        for (Node child = signatures.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if (!XMLSignature.XMLNS.equals(element.getNamespaceURI()) || !element.getLocalName().equals("Signature")) {
                    throw refused("unexpected <" + element.getNodeName() + "> in <signatures>");
                }
                signatureElements.add(element);
            } else if (child.getNodeType() != Node.TEXT_NODE || !child.getNodeValue().isBlank()) {
                throw refused("unexpected text in <signatures>");
            }
        }
        return new Parts(credential(credential, 1), signatureElements);
    }

    private static GeniCredential credential(Element element, int depth) {
        if (depth > MAX_CHAIN) {
            throw refused("the delegation chain is longer than " + MAX_CHAIN + " credentials");
        }
        if (!element.hasAttributeNS(XML_NAMESPACE, "id") || element.getAttributeNS(XML_NAMESPACE, "id").isBlank()) {
            throw refused("a <credential> lacks its xml:id, so no signature can name it");
        }
        String id = element.getAttributeNS(XML_NAMESPACE, "id");
        java.util.Map<String, Element> fields = new java.util.HashMap<>();
        for (Element child : children(element)) {
            String name = child.getLocalName();
            if (!FIELDS.contains(name) || child.getNamespaceURI() != null) {
                throw refused("unexpected <" + child.getNodeName() + "> in credential " + id);
            }
            if (fields.put(name, child) != null) {
                throw refused("credential " + id + " holds <" + name + "> twice");
            }
        }
        String type = text(fields, "type", id);
        if (!type.equals("privilege")) {
            throw refused("credential " + id + " is of type \"" + type + "\"; only privilege credentials are accepted");
        }
        List<X509Certificate> owner = Gid.readCertificates(text(fields, "owner_gid", id), "owner_gid of credential " + id);
        List<X509Certificate> target = fields.containsKey("target_gid")
                ? Gid.readCertificates(text(fields, "target_gid", id), "target_gid of credential " + id) : List.of();
        Instant expires = instant(text(fields, "expires", id), id);
        List<Privilege> privileges = privileges(fields.get("privileges"), id);
        Optional<GeniCredential> parent = Optional.empty();
        if (fields.containsKey("parent")) {
            List<Element> inner = children(fields.get("parent"));
            if (inner.size() != 1 || !inner.getFirst().getLocalName().equals("credential")) {
                throw refused("the <parent> of credential " + id + " must hold exactly one <credential>");
            }
            parent = Optional.of(credential(inner.getFirst(), depth + 1));
        }
        return new GeniCredential(element, id, owner, text(fields, "owner_urn", id), target, text(fields, "target_urn", id),
                expires, privileges, parent);
    }

    private static List<Privilege> privileges(Element element, String id) {
        if (element == null) {
            throw refused("credential " + id + " lacks <privileges>");
        }
        List<Privilege> privileges = new ArrayList<>();
        for (Element privilege : children(element)) {
            if (!privilege.getLocalName().equals("privilege")) {
                throw refused("unexpected <" + privilege.getNodeName() + "> in the privileges of credential " + id);
            }
            String name = null;
            boolean canDelegate = false;
            for (Element part : children(privilege)) {
                switch (part.getLocalName()) {
                    case "name" -> name = part.getTextContent().strip();
                    case "can_delegate" -> canDelegate = switch (part.getTextContent().strip().toLowerCase(java.util.Locale.ROOT)) {
                        case "true", "1" -> true;
                        case "false", "0" -> false;
                        default -> throw refused("can_delegate of credential " + id + " is neither true nor false");
                    };
                    default -> throw refused("unexpected <" + part.getNodeName() + "> in a privilege of credential " + id);
                }
            }
            if (name == null || !name.matches("[a-z*_]{1,32}")) {
                throw refused("a privilege of credential " + id + " has no valid name");
            }
            privileges.add(new Privilege(name, canDelegate));
        }
        return privileges;
    }

    private static Instant instant(String text, String id) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // SFA writes times without a zone; they are UTC.
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw refused("the expiry \"" + text + "\" of credential " + id + " is not an ISO 8601 time");
            }
        }
    }

    private static String text(java.util.Map<String, Element> fields, String name, String id) {
        Element element = fields.get(name);
        if (element == null) {
            throw refused("credential " + id + " lacks <" + name + ">");
        }
        if (!children(element).isEmpty()) {
            throw refused("<" + name + "> of credential " + id + " must hold text only");
        }
        return element.getTextContent().strip();
    }

    static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static Element once(Element existing, Element found) {
        if (existing != null) {
            throw refused("<" + found.getNodeName() + "> appears twice in <signed-credential>");
        }
        return found;
    }

    static GeniException refused(String reason) {
        return GeniException.forbidden("credential refused: " + reason);
    }
}
