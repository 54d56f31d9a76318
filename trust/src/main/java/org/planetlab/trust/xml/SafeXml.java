package org.planetlab.trust.xml;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.XmlParserMessages;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The only way this library turns bytes into a DOM: no document type declarations (so no
 * entities, external or internal, and no billion laughs), no XInclude, no external access of any
 * kind, bounded size, depth and element count, and no comments or processing instructions (a
 * comment inside a signed value is invisible to the signature but not to every reader, the root
 * of several SAML bypasses; refusing it removes the question).
 */
public final class SafeXml {
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String JDK_MAX_DEPTH = "jdk.xml.maxElementDepth";

    private SafeXml() {
    }

    /**
     * Parses a document for the given purpose ({@code what} names it in errors, e.g. "certificate").
     *
     * @throws PlanetLabException {@link ErrorCode#REQUEST_TOO_LARGE} past the size, depth or element
     *     limits, {@link ErrorCode#MALFORMED_REQUEST} for anything else that is not plain XML
     */
    public static Document parse(byte[] bytes, XmlLimits limits, String what) {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(limits, "limits is null");
        if (bytes.length > limits.maxBytes()) {
            throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE,
                    "%s: the document has %d bytes; at most %d are accepted".formatted(what, bytes.length, limits.maxBytes()));
        }
        if (bytes.length == 0) {
            throw malformed(what, "the document is empty");
        }
        Document document;
        try {
            document = builder(limits).parse(new ByteArrayInputStream(bytes));
        } catch (SAXException e) {
            throw parseFailure(what, e);
        } catch (IOException e) {
            throw malformed(what, "cannot read the document: " + e.getMessage());
        } catch (RuntimeException e) {
            // The JDK parser lets some errors escape unchecked (e.g. a MissingResourceException for a
            // message key on malformed DOCTYPE text); they are still malformed input.
            throw malformed(what, "not well-formed XML (the parser could not read it)");
        }
        checkTree(document, limits, what);
        return document;
    }

    public static Document parse(String xml, XmlLimits limits, String what) {
        return parse(requireNonNull(xml, "xml is null").getBytes(StandardCharsets.UTF_8), limits, what);
    }

    /** An empty document for building a new one. */
    public static Document newDocument() {
        try {
            return factory(XmlLimits.DEFAULT).newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required secure feature", e);
        }
    }

    /** Serializes without an XML declaration or indentation; UTF-8. */
    public static String serialize(Node node) {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(node), new StreamResult(out));
            return out.toString(StandardCharsets.UTF_8);
        } catch (TransformerException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot serialize XML: " + e.getMessage(), e);
        }
    }

    /** A new document whose root is a deep copy of the element (for verifying an embedded document). */
    public static Document extract(Element element) {
        Document copy = newDocument();
        copy.appendChild(copy.importNode(element, true));
        return copy;
    }

    private static DocumentBuilder builder(XmlLimits limits) {
        try {
            DocumentBuilder builder = factory(limits).newDocumentBuilder();
            builder.setErrorHandler(new RethrowingErrorHandler());
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required secure feature", e);
        }
    }

    private static DocumentBuilderFactory factory(XmlLimits limits) throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature(DISALLOW_DOCTYPE, true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // Stops a deeply nested document inside the parser, before a DOM of it is built.
        factory.setAttribute(JDK_MAX_DEPTH, Integer.toString(limits.maxDepth()));
        return factory;
    }

    private static void checkTree(Document document, XmlLimits limits, String what) {
        Deque<Node> pending = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        pending.push(document);
        depths.push(0);
        int elements = 0;
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            int depth = depths.pop();
            switch (node.getNodeType()) {
                case Node.ELEMENT_NODE -> {
                    if (++elements > limits.maxElements()) {
                        throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE,
                                what + ": the document has more than " + limits.maxElements() + " elements");
                    }
                    if (depth > limits.maxDepth()) {
                        throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE,
                                what + ": elements are nested more than " + limits.maxDepth() + " deep");
                    }
                }
                case Node.COMMENT_NODE -> throw malformed(what, "comments are not allowed in a signed document");
                case Node.PROCESSING_INSTRUCTION_NODE -> throw malformed(what, "processing instructions are not allowed");
                case Node.DOCUMENT_TYPE_NODE -> throw malformed(what, "a DOCTYPE declaration is not allowed");
                case Node.ENTITY_REFERENCE_NODE, Node.ENTITY_NODE -> throw malformed(what, "entity references are not allowed");
                default -> { }
            }
            for (Node child = node.getLastChild(); child != null; child = child.getPreviousSibling()) {
                pending.push(child);
                depths.push(depth + 1);
            }
        }
    }

    private static PlanetLabException parseFailure(String what, SAXException e) {
        String message = e.getMessage() == null ? "parse error" : e.getMessage();
        if (message.contains("DOCTYPE")) {
            return malformed(what, "a DOCTYPE declaration is not allowed (no DTDs or entities)");
        }
        if (message.contains(JDK_MAX_DEPTH) || message.contains("maxElementDepth")) {
            return new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE, what + ": elements are nested too deep");
        }
        String where = e instanceof SAXParseException parse
                ? " (line %d, column %d)".formatted(parse.getLineNumber(), parse.getColumnNumber()) : "";
        XmlParserMessages.Refusal refusal = XmlParserMessages.translate(message);
        return new PlanetLabException(refusal.code(), what + ": not well-formed XML: " + refusal.reason() + where);
    }

    private static PlanetLabException malformed(String what, String reason) {
        return new PlanetLabException(ErrorCode.MALFORMED_REQUEST, what + ": " + reason);
    }

    /** Turns warnings and errors into exceptions and keeps the parser from printing to stderr. */
    private static final class RethrowingErrorHandler implements ErrorHandler {
        @Override
        public void warning(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    }
}
