package org.planetlab.portal.web;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;

/** The signed-in person as the layout shows them: name and the pages their roles open. */
public record Viewer(long personId, String name, String email, Caller caller) {
    public Viewer {
        requireNonNull(name, "name is null");
        requireNonNull(email, "email is null");
        requireNonNull(caller, "caller is null");
    }

    /** Whether the person manages a site's nodes (techs, PIs, operators). */
    public boolean managesNodes() {
        return caller.has(Role.TECH) || isPi();
    }

    public boolean isOperator() {
        return caller.isOperator();
    }

    public boolean isPi() {
        return caller.has(Role.PI) || caller.isOperator();
    }
}
