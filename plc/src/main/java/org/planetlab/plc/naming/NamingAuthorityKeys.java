package org.planetlab.plc.naming;

import org.jdbi.v3.core.Handle;

/**
 * Makes the key pair and certificate of a naming authority PLC hosts, in the transaction that
 * adds the authority (AddNamingAuthority), so that an authority never exists without them and a
 * refused addition leaves none. The aggregate's face provides it; with no face, the authority
 * gets its key when the face next starts.
 */
@FunctionalInterface
public interface NamingAuthorityKeys {
    /** Called inside the change that added authority {@code namingAuthorityId}, named {@code hrn}. */
    void added(Handle handle, long namingAuthorityId, String hrn);

    /** Makes nothing. */
    NamingAuthorityKeys NONE = (handle, namingAuthorityId, hrn) -> { };
}
