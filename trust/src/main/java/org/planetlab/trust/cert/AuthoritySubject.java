package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

/** A slice or management authority, e.g. {@code plc.sa} or {@code plc.ma}. */
public record AuthoritySubject(String name, AuthorityRole role) implements Subject {
    public AuthoritySubject {
        name = Names.sliceName(name, "authority name");
        requireNonNull(role, "role is null");
    }

    @Override
    public String identity() {
        return "authority:" + name;
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public boolean canHoldIssuingRight() {
        return true;
    }
}
