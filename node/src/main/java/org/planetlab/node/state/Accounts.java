package org.planetlab.node.state;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The login keys a slice authority lists for a node besides its slices' (Architecture §5.4, 2003
 * §4.3): the site's PIs and techs log into the owner VM as {@code site_admin}, PLC's operators
 * as {@code root}. Installed by the service the owner names ({@link OwnerPolicy#accountsFrom}).
 *
 * @param siteAdmin keys of the site's PIs and technical contacts
 * @param root keys of the operators
 */
public record Accounts(List<String> siteAdmin, List<String> root) {
    public static final Accounts NONE = new Accounts(List.of(), List.of());

    public Accounts {
        siteAdmin = List.copyOf(requireNonNull(siteAdmin, "siteAdmin is null"));
        root = List.copyOf(requireNonNull(root, "root is null"));
    }
}
