package org.planetlab.node.sliver.image;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.planetlab.api.rspec.DebianPackages;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;

/**
 * The Debian packages a sliver asks for with its {@code packages} attribute, sorted, each once:
 * two slivers asking for the same set, in any order, share one layer.
 */
public record PackageSet(SortedSet<String> names) {
    public PackageSet {
        names = Collections.unmodifiableSortedSet(new TreeSet<>(names));
        // Checked again here: a value that reached the node some other way than through PLC is not trusted either.
        DebianPackages.parse(RspecAttribute.PACKAGES.attributeName(), String.join(",", names));
    }

    public static PackageSet of(Rspec rspec) {
        return new PackageSet(DebianPackages.parse(RspecAttribute.PACKAGES.attributeName(),
                rspec.valueOrDefault(RspecAttribute.PACKAGES)));
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(", ", names);
    }
}
