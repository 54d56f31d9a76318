package org.planetlab.trust.cert;

import java.util.Set;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.xml.ElementReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The {@code <validity not-before=".." not-after=".."/>} element, UTC to the second. */
public final class ValidityXml {
    private ValidityXml() {
    }

    public static Element write(Document document, Validity validity) {
        Element element = document.createElementNS(null, "validity");
        element.setAttributeNS(null, "not-before", validity.notBefore().toString());
        element.setAttributeNS(null, "not-after", validity.notAfter().toString());
        return element;
    }

    public static Validity read(String what, Element element) {
        ElementReader.requireAttributes(what, element, Set.of("not-before", "not-after"));
        ElementReader.requireEmpty(what, element);
        try {
            return new Validity(Validity.parseInstant(ElementReader.attribute(what, element, "not-before"), what),
                    Validity.parseInstant(ElementReader.attribute(what, element, "not-after"), what));
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, what + ": " + e.getMessage());
            }
            throw e;
        }
    }
}
