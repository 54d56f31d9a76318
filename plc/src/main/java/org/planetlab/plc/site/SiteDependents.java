package org.planetlab.plc.site;

import org.planetlab.plc.mutation.Mutation;

/**
 * What else goes when a site is deleted (its slices, its nodes, its persons' memberships). Each
 * domain that keeps things at a site removes its own, so sites need not know those domains.
 */
@FunctionalInterface
public interface SiteDependents {
    void siteDeleted(Mutation mutation, long siteId);
}
