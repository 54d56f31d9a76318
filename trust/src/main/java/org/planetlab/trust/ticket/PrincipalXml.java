package org.planetlab.trust.ticket;

import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyFingerprint;
import org.planetlab.trust.xml.ElementReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** {@code <principal email=".."/>} or {@code <principal key="sha256:.."/>}. */
final class PrincipalXml {
    private PrincipalXml() {
    }

    static Element write(Document document, TicketPrincipal principal) {
        Element element = document.createElementNS(null, "principal");
        switch (principal) {
            case TicketPrincipal.Person person -> element.setAttributeNS(null, "email", person.email());
            case TicketPrincipal.Key key -> element.setAttributeNS(null, "key", key.fingerprint().value());
        }
        return element;
    }

    static TicketPrincipal read(String what, Element element) {
        ElementReader.requireAttributes(what, element, Set.of("email", "key"));
        ElementReader.requireEmpty(what, element);
        Optional<String> email = ElementReader.optionalAttribute(element, "email");
        Optional<String> key = ElementReader.optionalAttribute(element, "key");
        if (email.isPresent() == key.isPresent()) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, what + ": <principal> needs exactly one of email or key");
        }
        return email.<TicketPrincipal>map(TicketPrincipal.Person::new)
                .orElseGet(() -> new TicketPrincipal.Key(new KeyFingerprint(key.orElseThrow())));
    }
}
