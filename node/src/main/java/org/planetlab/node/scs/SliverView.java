package org.planetlab.node.scs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.rspec.Rspec;
import org.planetlab.node.state.Accounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one slice authority says this node must run (its GetSlivers answer): the slivers of the
 * slices under the authority, and the login keys of the site's staff and the operators.
 *
 * @param version the authority's version of the view, to send back in the next long poll
 * @param slivers what must run, by the node's sliver name
 * @param accounts keys for {@code site_admin} and {@code root}
 */
record SliverView(String version, Map<String, Wanted> slivers, Accounts accounts) {
    private static final Logger LOG = LoggerFactory.getLogger(SliverView.class);

    SliverView {
        requireNonNull(version, "version is null");
        slivers = Map.copyOf(slivers);
        requireNonNull(accounts, "accounts is null");
    }

    /**
     * One sliver the authority wants here.
     *
     * @param name the node's name for it
     * @param hierarchicalName the slice's name at the authority
     * @param sliceId the authority's id of the slice: a new id under the same name is a new slice
     * @param started false for a stopped slice
     * @param expires when the slice ends, whatever the authority says later
     * @param rspec resources, bootscript and the users' keys
     */
    record Wanted(String name, String hierarchicalName, long sliceId, boolean started, Instant expires, Rspec rspec) {
        Wanted {
            requireNonNull(name, "name is null");
            requireNonNull(hierarchicalName, "hierarchicalName is null");
            requireNonNull(expires, "expires is null");
            requireNonNull(rspec, "rspec is null");
        }
    }

    /** Reads a full GetSlivers answer; slivers of other authorities or with bad values are left out and logged. */
    static SliverView parse(SliceAuthority authority, Map<?, ?> answer) {
        Map<String, Wanted> slivers = new LinkedHashMap<>();
        for (Object item : (List<?>) answer.get("slivers")) {
            Map<?, ?> sliver = (Map<?, ?>) item;
            String hierarchicalName = String.valueOf(sliver.get("hrn"));
            var name = authority.sliverName(hierarchicalName);
            if (name.isEmpty()) {
                LOG.warn("{} listed slice {}, which is not under it; ignored", authority.name(), hierarchicalName);
                continue;
            }
            try {
                slivers.put(name.get(), new Wanted(name.get(), hierarchicalName, ((Number) sliver.get("slice_id")).longValue(),
                        "started".equals(sliver.get("state")), Instant.ofEpochSecond(((Number) sliver.get("expires")).longValue()),
                        rspec((Map<?, ?>) sliver.get("rspec"), keys(sliver.get("keys")))));
            } catch (RuntimeException e) {
                LOG.warn("{} listed slice {} with values this node refuses ({}); ignored", authority.name(), hierarchicalName, e.getMessage());
            }
        }
        List<String> siteAdmin = List.of();
        List<String> root = List.of();
        for (Object item : (List<?>) answer.get("accounts")) {
            Map<?, ?> account = (Map<?, ?>) item;
            if ("site_admin".equals(account.get("name"))) {
                siteAdmin = keys(account.get("keys"));
            } else if ("root".equals(account.get("name"))) {
                root = keys(account.get("keys"));
            }
        }
        return new SliverView(String.valueOf(answer.get("version")), slivers, new Accounts(siteAdmin, root));
    }

    private static Rspec rspec(Map<?, ?> values, List<String> keys) {
        Map<RspecAttribute, String> attributes = new LinkedHashMap<>();
        values.forEach((name, value) -> RspecAttribute.lookup(String.valueOf(name))
                .ifPresent(attribute -> attributes.put(attribute, String.valueOf(value))));
        return new Rspec(attributes, keys, "", "");
    }

    private static List<String> keys(Object list) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        if (list instanceof List<?> entries) {
            for (Object entry : entries) {
                Object key = entry instanceof Map<?, ?> map ? map.get("key") : entry;
                if (key instanceof String text && !text.isBlank()) {
                    keys.add(text.strip());
                }
            }
        }
        return new ArrayList<>(keys);
    }
}
