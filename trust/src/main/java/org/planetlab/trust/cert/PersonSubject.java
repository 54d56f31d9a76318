package org.planetlab.trust.cert;

/** A person, named by e-mail address as PLC names its principals. */
public record PersonSubject(String email) implements Subject {
    public PersonSubject {
        email = Names.email(email);
    }

    @Override
    public String identity() {
        return "person:" + email;
    }

    @Override
    public String displayName() {
        return email;
    }

    @Override
    public boolean canHoldIssuingRight() {
        return false;
    }
}
