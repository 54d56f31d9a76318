package org.planetlab.trust.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import org.planetlab.trust.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** DOM surgery on signed documents, for hostile test vectors. */
public final class XmlEdit {
    public static final String DS = XMLSignature.XMLNS;

    private XmlEdit() {
    }

    public static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String edit(String xml, Consumer<Document> change) {
        Document document = parse(xml);
        change.accept(document);
        return SafeXml.serialize(document);
    }

    /** The document's own signature: the last child of the root. */
    public static Element signature(Document document) {
        Node last = document.getDocumentElement().getLastChild();
        return (Element) last;
    }

    public static Element first(Element parent, String namespace, String localName) {
        return (Element) parent.getElementsByTagNameNS(namespace == null ? "*" : namespace, localName).item(0);
    }

    public static Element child(Document document, String localName) {
        for (Node node = document.getDocumentElement().getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName()) && element.getNamespaceURI() == null) {
                return element;
            }
        }
        throw new IllegalStateException("no <" + localName + ">");
    }

    public static Element dsElement(Document document, String localName) {
        return (Element) signature(document).getElementsByTagNameNS(DS, localName).item(0);
    }

    /** Signs the document again (adding a signature) with the given key, optionally carrying that key in KeyInfo. */
    public static void signWith(Document document, PrivateKey key, PublicKey keyInfo, String signatureMethod) {
        try {
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            var reference = factory.newReference("", factory.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null)), null, null);
            var signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(signatureMethod, null), List.of(reference));
            var keyInfoFactory = factory.getKeyInfoFactory();
            var info = keyInfo == null ? null : keyInfoFactory.newKeyInfo(List.of(keyInfoFactory.newKeyValue(keyInfo)));
            DOMSignContext context = new DOMSignContext(key, document.getDocumentElement());
            context.setDefaultNamespacePrefix("ds");
            factory.newXMLSignature(signedInfo, info).sign(context);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Element newDs(Document document, String localName, String algorithm) {
        Element element = document.createElementNS(DS, "ds:" + localName);
        if (algorithm != null) {
            element.setAttributeNS(null, "Algorithm", algorithm);
        }
        return element;
    }

}
