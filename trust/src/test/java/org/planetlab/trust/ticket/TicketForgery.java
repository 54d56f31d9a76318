package org.planetlab.trust.ticket;

import java.util.function.UnaryOperator;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlSignatures;
import org.w3c.dom.Document;

/** Signs tickets and leases with any credential, bypassing the signers' checks. */
public final class TicketForgery {
    private TicketForgery() {
    }

    public static String ticket(Ticket ticket, Credential signer) {
        return XmlSignatures.signToText(TicketXml.unsigned(ticket, signer.issuerReference()), signer.privateKey(), "ticket");
    }

    /** Signs a ticket document after editing its text (e.g. to add an unknown RSpec attribute). */
    public static String editedTicket(Ticket ticket, Credential signer, UnaryOperator<String> edit) {
        String unsigned = edit.apply(SafeXml.serialize(TicketXml.unsigned(ticket, signer.issuerReference())));
        Document document = SafeXml.parse(unsigned, org.planetlab.trust.xml.XmlLimits.DEFAULT, "ticket");
        XmlSignatures.sign(document, signer.privateKey());
        return SafeXml.serialize(document);
    }

    public static String lease(Lease lease, Credential signer) {
        return XmlSignatures.signToText(LeaseXml.unsigned(lease, signer.issuerReference()), signer.privateKey(), "lease");
    }
}
