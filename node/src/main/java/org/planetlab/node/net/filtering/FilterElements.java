package org.planetlab.node.net.filtering;

import java.util.Map;
import java.util.Set;
import org.planetlab.node.net.filtering.FilterTable.AssignedComment;

/**
 * Which slots have an element in each of the filter table's sets, as read back from the kernel:
 * what {@link FilterTable#forget} deletes.
 */
public interface FilterElements {
    /** Slots in service, with the sliver named in the element's comment. */
    Map<Integer, AssignedComment> assigned();

    /** Slots cut off and waiting for removal. */
    Set<Integer> retired();

    /** Slots whose traffic is copied to the owner VM. */
    Set<Integer> mirrored();

    /** Slots with their anti-spoofing pair. */
    Set<Integer> sources();

    /** Slots with their address-to-class entry. */
    Set<Integer> classEntries();
}
