package org.planetlab.scs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;

/**
 * How a sliver's resources must change to match what its authority now says. Bind can only add
 * to a VM (Architecture §4.3: "the resources represented by the rcap are added"), so a grown
 * quantity or a raised ceiling is bound from the pool; a lowered one, or another VM type,
 * image or package set, means destroying the sliver and creating it again. A changed restriction
 * ({@link Rspec#RESTRICTIONS}, such as {@code cpu_cap}) is bound as it is, up or down: it replaces
 * the VM's and is applied to the running sliver; so are the node's port reservations, the grant of
 * ports below 1024 and the HTTP name ({@link #REPLACED}).
 *
 * @param grow what to bind to the VM; empty when nothing grows
 * @param recreate true if some resource must shrink or the VM's kind changed
 */
record ResourceChange(Rspec grow, boolean recreate) {
    private static final List<RspecAttribute> KIND = List.of(RspecAttribute.VM_TYPE, RspecAttribute.IMAGE, RspecAttribute.PACKAGES);

    /** Not taken from a pool but replaced, like the restrictions, when the authority changes them. */
    static final Set<RspecAttribute> REPLACED = Set.of(RspecAttribute.TCP_PORTS, RspecAttribute.UDP_PORTS,
            RspecAttribute.PRIVILEGED_PORTS, RspecAttribute.CODEMUX);

    static ResourceChange between(Rspec have, Rspec want) {
        Map<RspecAttribute, String> grow = new LinkedHashMap<>();
        boolean recreate = false;
        for (RspecAttribute attribute : RspecAttribute.values()) {
            if (Rspec.RESTRICTIONS.contains(attribute) || REPLACED.contains(attribute)) {
                String wanted = want.valueOrDefault(attribute);
                if (!have.valueOrDefault(attribute).equals(wanted)) {
                    grow.put(attribute, wanted);
                }
            } else if (attribute.kind() == RspecAttribute.Kind.COUNT) {
                long held = have.count(attribute);
                long wanted = want.count(attribute);
                if (wanted < held) {
                    recreate = true;
                } else if (wanted > held) {
                    grow.put(attribute, Long.toString(Rspec.ADDITIVE.contains(attribute) ? wanted - held : wanted));
                }
            } else if (KIND.contains(attribute) && !have.valueOrDefault(attribute).equals(want.valueOrDefault(attribute))) {
                recreate = true;
            }
        }
        return new ResourceChange(new Rspec(grow, List.of(), "", ""), recreate);
    }

    boolean grows() {
        return !grow.attributes().isEmpty();
    }
}
