package org.planetlab.api.sliver;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one node must run, as GetSlivers answers it (without version and timestamp).
 *
 * @param interfaces the node's interfaces, as GetInterfaces returns them
 * @param groups the names of the node groups the node is in, sorted
 * @param confFiles the configuration files it installs, as GetConfFiles returns them
 * @param initScripts the enabled init scripts, as GetInitScripts returns them: a sliver whose
 *     {@code initscript} attribute names one runs it (already resolved into its RSpec's bootscript)
 * @param accounts its {@code site_admin} and {@code root} accounts
 * @param slivers its slivers, by slice name
 * @param stops the slices stopped anywhere, whose tickets the node refuses
 * @param reservations the node's reservation policy and leases
 * @param namingAuthorities the naming authorities the slice authority names slices under, its
 *     own first (Architecture §4.4: {@code plc}, {@code ple}); empty if it sends none. A node runs
 *     slices under these only when the view comes from its own PLC, the authority it is managed by
 */
public record NodeView(long nodeId, String hostname, List<Map<String, Object>> interfaces, List<String> groups,
        List<Map<String, Object>> confFiles, List<Map<String, Object>> initScripts, List<NodeAccount> accounts,
        List<Sliver> slivers, SliceStops stops, Reservations reservations, List<String> namingAuthorities) {
    /** A view from an authority that names no naming authorities beyond the one its slices' names start with. */
    public NodeView(long nodeId, String hostname, List<Map<String, Object>> interfaces, List<String> groups,
            List<Map<String, Object>> confFiles, List<Map<String, Object>> initScripts, List<NodeAccount> accounts,
            List<Sliver> slivers, SliceStops stops, Reservations reservations) {
        this(nodeId, hostname, interfaces, groups, confFiles, initScripts, accounts, slivers, stops, reservations, List.of());
    }

    /** A view of a node that cannot be reserved. */
    public NodeView(long nodeId, String hostname, List<Map<String, Object>> interfaces, List<String> groups,
            List<Map<String, Object>> confFiles, List<Map<String, Object>> initScripts, List<NodeAccount> accounts,
            List<Sliver> slivers, SliceStops stops) {
        this(nodeId, hostname, interfaces, groups, confFiles, initScripts, accounts, slivers, stops, Reservations.UNRESERVED);
    }

    /** A view with no stop in force beyond its slivers' states. */
    public NodeView(long nodeId, String hostname, List<Map<String, Object>> interfaces, List<String> groups,
            List<Map<String, Object>> confFiles, List<Map<String, Object>> initScripts, List<NodeAccount> accounts,
            List<Sliver> slivers) {
        this(nodeId, hostname, interfaces, groups, confFiles, initScripts, accounts, slivers, SliceStops.NONE);
    }

    public NodeView {
        requireNonNull(hostname, "hostname is null");
        interfaces = records(interfaces);
        groups = List.copyOf(groups);
        confFiles = records(confFiles);
        initScripts = records(initScripts);
        accounts = List.copyOf(accounts);
        slivers = List.copyOf(slivers);
        requireNonNull(stops, "stops is null");
        requireNonNull(reservations, "reservations is null");
        namingAuthorities = List.copyOf(namingAuthorities);
    }

    /** A view without init scripts or stops, as an authority that keeps neither sends it. */
    public NodeView(long nodeId, String hostname, List<Map<String, Object>> interfaces, List<String> groups,
            List<Map<String, Object>> confFiles, List<NodeAccount> accounts, List<Sliver> slivers) {
        this(nodeId, hostname, interfaces, groups, confFiles, List.of(), accounts, slivers, SliceStops.NONE);
    }

    /** The keys of one account; none if the view has no such account. */
    public List<SliverKey> accountKeys(String name) {
        return accounts.stream().filter(account -> account.name().equals(name)).findFirst()
                .map(NodeAccount::keys).orElse(List.of());
    }

    /** Registry records may hold nulls (unset fields), so no Map.copyOf; the order is kept for the wire. */
    private static List<Map<String, Object>> records(List<Map<String, Object>> records) {
        return records.stream().map(record -> Collections.unmodifiableMap(new LinkedHashMap<>(record))).toList();
    }
}
