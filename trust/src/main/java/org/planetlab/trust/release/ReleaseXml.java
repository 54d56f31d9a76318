package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.cert.ValidityXml;
import org.planetlab.trust.key.KeyFingerprint;
import org.planetlab.trust.xml.ElementReader;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The XML form of release metadata, signed by the release key:
 *
 * <pre>{@code
 * <release version="1">
 *   <number>3</number>
 *   <label>2026.12.06</label>
 *   <files><file name="planetlab-node.jar" length="123" sha256="..."/>...</files>
 *   <validity not-before="..." not-after="..."/>
 *   <signer key-id="sha256:..."/>
 *   <ds:Signature>...</ds:Signature>
 * </release>
 * }</pre>
 */
public final class ReleaseXml {
    static final String WHAT = "release metadata";

    private ReleaseXml() {
    }

    /** Release metadata as read, before verification. */
    public record Parsed(Release release, KeyFingerprint signer) {
        public Parsed {
            requireNonNull(release, "release is null");
            requireNonNull(signer, "signer is null");
        }
    }

    public static Parsed parse(String xml) {
        requireNonNull(xml, "xml is null");
        Element root = SafeXml.parse(xml, XmlLimits.DEFAULT, WHAT).getDocumentElement();
        ElementReader reader = MetadataXml.read(WHAT, root, "release");
        try {
            long number = MetadataXml.number(WHAT, "number", ElementReader.text(WHAT, reader.next("number")));
            String label = ElementReader.text(WHAT, reader.next("label"));
            List<ReleaseFile> files = readFiles(reader.next("files"));
            Validity validity = ValidityXml.read(WHAT, reader.next("validity"));
            KeyFingerprint signer = MetadataXml.readSigner(WHAT, reader.next("signer"));
            reader.endWithSignature();
            return new Parsed(new Release(number, label, files, validity), signer);
        } catch (PlanetLabException e) {
            throw MetadataXml.malformed(WHAT, e);
        }
    }

    static Document unsigned(Release release, KeyFingerprint signer) {
        Document document = SafeXml.newDocument();
        Element root = MetadataXml.root(document, "release");
        MetadataXml.child(document, root, "number").setTextContent(Long.toString(release.number()));
        MetadataXml.child(document, root, "label").setTextContent(release.label());
        Element files = MetadataXml.child(document, root, "files");
        for (ReleaseFile file : release.files()) {
            Element element = MetadataXml.child(document, files, "file");
            element.setAttributeNS(null, "name", file.name());
            element.setAttributeNS(null, "length", Long.toString(file.length()));
            element.setAttributeNS(null, "sha256", file.sha256());
        }
        root.appendChild(ValidityXml.write(document, release.validity()));
        MetadataXml.writeSigner(document, root, signer);
        return document;
    }

    private static List<ReleaseFile> readFiles(Element element) {
        ElementReader reader = ElementReader.of(WHAT, element, "files", Set.of());
        List<ReleaseFile> files = new ArrayList<>();
        for (Element file : reader.repeated("file")) {
            ElementReader.requireAttributes(WHAT, file, Set.of("name", "length", "sha256"));
            ElementReader.requireEmpty(WHAT, file);
            files.add(new ReleaseFile(ElementReader.attribute(WHAT, file, "name"),
                    MetadataXml.number(WHAT, "file length", ElementReader.attribute(WHAT, file, "length")),
                    ElementReader.attribute(WHAT, file, "sha256")));
        }
        reader.end();
        return files;
    }
}
