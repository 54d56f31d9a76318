package org.planetlab.plc.monitor;

import java.util.Optional;
import org.planetlab.plc.slice.SiteRestriction;

/** The steps the monitor takes, in order, for a node that stays down. */
public enum EscalationStep {
    /** Mail the site's technical contacts. */
    NOTIFY_TECH("notify_tech"),
    /** Mail the site's principal investigators (and technical contacts). */
    NOTIFY_PI("notify_pi"),
    /** The site may create no new slices until the node is back; its PIs and techs are told. */
    RESTRICT_SITE(SiteRestriction.STEP);

    private final String wireName;

    EscalationStep(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EscalationStep> fromWireName(String name) {
        for (EscalationStep step : values()) {
            if (step.wireName.equals(name)) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }
}
