package org.planetlab.node.audit.page;

import org.planetlab.api.audit.FlowRecord;

/** Where the page sends a report of unwanted traffic (PLC's {@code AddComplaint}). */
public interface Complaints {
    /**
     * Files the complaint; PLC e-mails the slice's users, its PIs and techs and the operators.
     *
     * @return the complaint's id at PLC
     * @throws org.planetlab.api.error.PlanetLabException with PLC's refusal or when PLC cannot be reached
     */
    int report(FlowRecord flow, String reporterName, String reporterEmail, String text);
}
