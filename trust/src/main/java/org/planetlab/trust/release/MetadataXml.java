package org.planetlab.trust.release;

import java.util.Set;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyFingerprint;
import org.planetlab.trust.xml.ElementReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What the three release documents share: element building, the format version, numbers, the signer's key id. */
final class MetadataXml {
    private MetadataXml() {
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

    static Element root(Document document, String name) {
        Element root = child(document, null, name);
        root.setAttributeNS(null, "version", "1");
        return root;
    }

    static ElementReader read(String what, Element root, String name) {
        ElementReader reader = ElementReader.of(what, root, name, Set.of("version"));
        if (!ElementReader.attribute(what, root, "version").equals("1")) {
            throw malformed(what + ": format version is not supported; expected 1");
        }
        return reader;
    }

    static long number(String what, String field, String text) {
        if (!text.matches("[1-9][0-9]{0,17}|0")) {
            throw malformed(what + ": " + field + " \"" + (text.length() > 24 ? text.substring(0, 24) + "..." : text)
                    + "\" is not a decimal number");
        }
        return Long.parseLong(text);
    }

    static void writeSigner(Document document, Element parent, KeyFingerprint keyId) {
        child(document, parent, "signer").setAttributeNS(null, "key-id", keyId.value());
    }

    static KeyFingerprint readSigner(String what, Element signer) {
        ElementReader.requireAttributes(what, signer, Set.of("key-id"));
        ElementReader.requireEmpty(what, signer);
        try {
            return new KeyFingerprint(ElementReader.attribute(what, signer, "key-id"));
        } catch (PlanetLabException e) {
            throw malformed(what + ": signer " + e.getMessage());
        }
    }

    /** A value error inside a document is a malformed document. */
    static PlanetLabException malformed(String what, PlanetLabException e) {
        return e.code() == ErrorCode.INVALID_ARGUMENT ? new PlanetLabException(ErrorCode.MALFORMED_REQUEST, what + ": " + e.getMessage(), e) : e;
    }

    static PlanetLabException malformed(String message) {
        return new PlanetLabException(ErrorCode.MALFORMED_REQUEST, message);
    }
}
