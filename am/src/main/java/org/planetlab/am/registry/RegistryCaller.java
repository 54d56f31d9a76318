package org.planetlab.am.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.am.credential.VerifiedCredential;
import org.planetlab.am.gid.Gid;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.PersonDetails;

/**
 * Who called the registry with credentials: their GID (the owner of the credentials, whose key the
 * TLS handshake proved they hold), the PLC person it names, that person as PLC's services see a
 * caller (their own roles and sites), and the credentials that verified.
 */
record RegistryCaller(Gid gid, PersonDetails person, Caller plc, List<VerifiedCredential> credentials) {
    RegistryCaller {
        requireNonNull(gid, "gid is null");
        requireNonNull(person, "person is null");
        requireNonNull(plc, "plc is null");
        credentials = List.copyOf(credentials);
    }
}
