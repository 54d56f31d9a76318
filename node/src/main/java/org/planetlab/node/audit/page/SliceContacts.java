package org.planetlab.node.audit.page;

import org.planetlab.api.audit.SliceContact;
import java.util.Collection;
import java.util.Map;

/** Where the page learns who answers for slices (PLC's {@code GetSliceContacts}). */
public interface SliceContacts {
    /**
     * The contacts of the slices PLC knows among {@code sliceIds}; slices missing from the answer
     * are shown by name only.
     *
     * @throws org.planetlab.api.error.PlanetLabException when PLC cannot be asked
     */
    Map<Integer, SliceContact> contacts(Collection<Integer> sliceIds);

    /** No PLC to ask: every slice is shown by name only. */
    static SliceContacts none() {
        return sliceIds -> Map.of();
    }
}
