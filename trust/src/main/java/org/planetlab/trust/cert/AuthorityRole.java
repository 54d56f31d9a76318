package org.planetlab.trust.cert;

import java.util.Locale;
import org.planetlab.api.error.PlanetLabException;

/** The two kinds of authority of Architecture §3: slices (SA) and nodes (MA). */
public enum AuthorityRole {
    SLICE("slice authority"),
    MANAGEMENT("management authority");

    private final String description;

    AuthorityRole(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The attribute value written in certificates: {@code slice} or {@code management}. */
    public String xmlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuthorityRole fromXmlName(String value) {
        for (AuthorityRole role : values()) {
            if (role.xmlName().equals(value)) {
                return role;
            }
        }
        throw PlanetLabException.invalidArgument("authority role \"" + Names.shorten(String.valueOf(value))
                + "\" is not valid; use slice or management");
    }
}
