package org.planetlab.am.testing;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Edits of a signed credential's DOM, for making hostile variants of it. */
public final class XmlEdits {
    public static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    private XmlEdits() {
    }

    /** Parses {@code xml}, lets {@code edit} change the document, and writes it back. */
    public static String edit(String xml, Consumer<Document> edit) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            edit.accept(document);
            StringWriter out = new StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot edit the credential: " + e.getMessage(), e);
        }
    }

    /** The first element named {@code localName} (any namespace) in document order. */
    public static Element first(Document document, String localName) {
        return (Element) document.getElementsByTagNameNS("*", localName).item(0);
    }

    /** The top {@code <credential>} of a signed credential. */
    public static Element topCredential(Document document) {
        for (Node child = document.getDocumentElement().getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getLocalName().equals("credential")) {
                return element;
            }
        }
        throw new IllegalStateException("no credential");
    }

    public static Element signatures(Document document) {
        for (Node child = document.getDocumentElement().getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getLocalName().equals("signatures")) {
                return element;
            }
        }
        throw new IllegalStateException("no signatures");
    }
}
