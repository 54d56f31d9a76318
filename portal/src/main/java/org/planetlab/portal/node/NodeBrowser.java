package org.planetlab.portal.node;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.planetlab.plc.Plc;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeFilter;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteFilter;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * The testbed's nodes, filtered by site and boot state: a page of its own, and the list a slice's
 * page picks nodes from.
 */
public final class NodeBrowser {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Plc plc;

    public NodeBrowser(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
    }

    public void register(Routes routes) {
        routes.get("/nodes", Routes.Access.SIGNED_IN, this::page);
    }

    /** What a browser shows: the filters' choices and the nodes they select. */
    public record Listing(List<SiteDetails> sites, List<String> bootStates, OptionalLong site,
            Optional<String> bootState, List<NodeRow> nodes) {
        public Listing {
            sites = List.copyOf(sites);
            bootStates = List.copyOf(bootStates);
            nodes = List.copyOf(nodes);
        }

        /** Whether {@code siteId} is the chosen site, for the filter's {@code selected}. */
        public boolean chosen(long siteId) {
            return site.isPresent() && site.getAsLong() == siteId;
        }

        public boolean chosen(String state) {
            return bootState.isPresent() && bootState.get().equals(state);
        }
    }

    /** The nodes the request's {@code site} and {@code status} fields select. */
    public Listing listing(WebRequest request) {
        ApiRules.require(request.caller(), "GetNodes");
        List<SiteDetails> sites = plc.sites().sites(SiteFilter.all(1000));
        Map<Long, String> siteNames = sites.stream().collect(Collectors.toMap(SiteDetails::siteId, SiteDetails::name));
        List<NodeDetails> all = plc.nodes().nodes(NodeFilter.all(1000));
        List<String> states = List.copyOf(all.stream().map(NodeDetails::bootState)
                .collect(Collectors.toCollection(TreeSet::new)));
        OptionalLong site = request.longField("site");
        Optional<String> state = Optional.of(request.field("status")).filter(states::contains);
        List<NodeRow> nodes = all.stream()
                .filter(node -> site.isEmpty() || node.siteId() == site.getAsLong())
                .filter(node -> state.isEmpty() || node.bootState().equals(state.get()))
                .map(row(siteNames)).toList();
        return new Listing(sites, states, site, state, nodes);
    }

    private static Function<NodeDetails, NodeRow> row(Map<Long, String> siteNames) {
        return node -> new NodeRow(node.nodeId(), node.hostname(), node.siteId(),
                siteNames.getOrDefault(node.siteId(), "site " + node.siteId()), node.bootState(),
                node.lastContact().isPresent() ? FORMAT.format(Instant.ofEpochSecond(node.lastContact().getAsLong()))
                        : "never");
    }

    private Reply page(WebRequest request) {
        return Reply.page("nodes.jte", Map.of("frame", request.frame("Nodes"), "listing", listing(request)));
    }
}
