package org.planetlab.am.call;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.rspec.NodeResources;
import org.planetlab.am.rspec.RspecDocument;
import org.planetlab.am.rspec.RspecXml;
import org.planetlab.am.sliver.AmSliver;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.rspec.RspecWire;
import org.planetlab.api.sliver.NodeView;
import org.planetlab.api.sliver.Sliver;
import org.planetlab.api.sliver.SliverKey;
import org.planetlab.plc.Plc;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeFilter;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteFilter;
import org.planetlab.plc.slice.SliceDetails;
import org.w3c.dom.Element;

/**
 * PLC's nodes as GENI RSpec v3 with the §4.10 hierarchy in the PlanetLab extension: the
 * advertisement ListResources answers, the manifests of a slice's slivers, and the node a URN of a
 * request names.
 */
final class Resources {
    static final String SLIVER_TYPE = "plab-vserver";
    private static final int PAGE = 1000;

    private final Plc plc;
    private final NameMapping names;
    private final Clock clock;

    Resources(Plc plc, NameMapping names, Clock clock) {
        this.plc = plc;
        this.names = names;
        this.clock = clock;
    }

    /**
     * ListResources: every node of PLC (only bootable ones with geni_available), as an
     * advertisement: what GENI tools read (component_id, hardware_type, sliver_type with the §4.10
     * defaults in the PlanetLab extension, available) and the node's hierarchy as {@link RspecXml}
     * writes it: the slivers bound on it, with their attributes but not their users' keys.
     */
    String listResources(Map<String, Object> options) {
        requireRspecVersion(options, true);
        boolean availableOnly = CallArguments.flag(options, "geni_available");
        Map<Long, String> loginBases = loginBases();
        RspecDocument rspec = new RspecDocument("advertisement", RspecDocument.AD_SCHEMA, clock.instant());
        rspec.root().setAttribute("expires", RspecDocument.time(clock.instant().plusSeconds(3600)));
        List<NodeDetails> nodes = allNodes().stream().filter(node -> !availableOnly || available(node)).toList();
        Map<Long, NodeView> views = views(nodes.stream().map(NodeDetails::nodeId).toList());
        for (NodeDetails node : nodes) {
            Element element = nodeElement(rspec, rspec.root(), node, loginBases.get(node.siteId()));
            rspec.add(element, "hardware_type").setAttribute("name", "plab-pc");
            rspec.addAttributes(sliverType(rspec, element));
            rspec.add(element, "available").setAttribute("now", Boolean.toString(available(node)));
            RspecXml.writeHierarchy(rspec, element, hierarchy(element, views.get(node.nodeId()), sliver -> true, false));
        }
        String text = rspec.text();
        return CallArguments.flag(options, "geni_compressed") ? RspecDocument.compressed(text) : text;
    }

    /**
     * The manifest of {@code slivers} of {@code slice}: each node as GENI tools read it (ids,
     * sliver_type, the login service once provisioned) and the slice's sliver on it in the
     * hierarchy, with the attributes and keys the node gives it (GetSlivers).
     */
    String manifest(SliceDetails slice, List<AmSliver> slivers, Map<String, Object> options) {
        RspecDocument rspec = new RspecDocument("manifest", RspecDocument.MANIFEST_SCHEMA, clock.instant());
        Map<Long, String> loginBases = loginBases();
        Map<Long, NodeView> views = views(slivers.stream().filter(AmSliver::provisioned).map(AmSliver::nodeId).toList());
        for (AmSliver sliver : slivers) {
            NodeDetails node = plc.nodes().node(NodeRef.of(sliver.nodeId())).orElse(null);
            if (node == null) {
                continue;
            }
            Element element = nodeElement(rspec, rspec.root(), node, loginBases.get(node.siteId()));
            sliver.clientId().ifPresent(clientId -> element.setAttribute("client_id", clientId));
            element.setAttribute("sliver_id", sliver.sliverUrn());
            sliverType(rspec, element);
            if (sliver.provisioned()) {
                RspecXml.writeHierarchy(rspec, element, hierarchy(element, views.get(node.nodeId()),
                        onNode -> onNode.sliceId() == slice.sliceId(), true));
                Element login = rspec.add(rspec.add(element, "services"), "login");
                login.setAttribute("authentication", "ssh-keys");
                login.setAttribute("hostname", node.hostname());
                login.setAttribute("port", "22");
                login.setAttribute("username", slice.name());
            }
        }
        String text = rspec.text();
        return CallArguments.flag(options, "geni_compressed") ? RspecDocument.compressed(text) : text;
    }

    private static boolean available(NodeDetails node) {
        return node.bootState().equals("boot");
    }

    private static Element sliverType(RspecDocument rspec, Element node) {
        Element sliverType = rspec.add(node, "sliver_type");
        sliverType.setAttribute("name", SLIVER_TYPE);
        return sliverType;
    }

    /** The nodes' views as PLC gives them to the nodes (GetSlivers), read in one transaction. */
    private Map<Long, NodeView> views(List<Long> nodeIds) {
        long now = clock.instant().getEpochSecond();
        return plc.database().read(handle -> {
            Map<Long, NodeView> views = new HashMap<>();
            for (long nodeId : nodeIds) {
                views.put(nodeId, plc.sliverViews().get(() -> handle, nodeId, now).view());
            }
            return views;
        });
    }

    /**
     * The §4.10 hierarchy of a node as PLC knows it: the slivers of its view that {@code which}
     * takes, bound from the node's own resources (PLC hands out no pools; a node's owner makes
     * those), with their users' keys only if {@code keys}.
     */
    private static NodeResources hierarchy(Element node, NodeView view, Predicate<Sliver> which, boolean keys) {
        List<NodeResources.Sliver> slivers = view.slivers().stream().filter(which).map(sliver -> {
            Map<String, Object> wire = new LinkedHashMap<>(sliver.rspec());
            if (keys) {
                wire.put("keys", sliver.keys().stream().map(SliverKey::key).toList());
            }
            return new NodeResources.Sliver(sliver.name(), RspecWire.fromWire(wire));
        }).toList();
        return new NodeResources(Urn.parse(node.getAttribute("component_id"), "node"), List.of(), slivers);
    }

    private Element nodeElement(RspecDocument rspec, Element parent, NodeDetails node, String loginBase) {
        Element element = rspec.add(parent, "node");
        element.setAttribute("component_id", names.nodeUrn(loginBase, node.hostname()).toString());
        element.setAttribute("component_manager_id", names.aggregateUrn().toString());
        element.setAttribute("component_name", node.hostname());
        element.setAttribute("exclusive", "false");
        return element;
    }

    /** The node a request names; it must be PLC's, at the site its URN says. */
    NodeDetails node(Urn urn) {
        String hostname = names.hostname(urn);
        NodeDetails node = plc.nodes().node(NodeRef.of(hostname)).orElseThrow(() -> GeniException.searchFailed(
                "no node " + hostname + " (" + urn + ") at this aggregate; ListResources shows its nodes"));
        String loginBase = plc.sites().site(org.planetlab.plc.site.SiteRef.of(node.siteId())).map(SiteDetails::loginBase).orElse("");
        String siteAuthority = names.siteAuthority(loginBase) + ":" + loginBase;
        if (!urn.authority().equals(siteAuthority)) {
            throw GeniException.searchFailed("node " + hostname + " belongs to site " + loginBase + " (" + siteAuthority + "), not to "
                    + urn.authority());
        }
        return node;
    }

    /** The {@code geni_rspec_version} option must name GENI RSpec version 3. */
    static void requireRspecVersion(Map<String, Object> options, boolean required) {
        Object value = options.get("geni_rspec_version");
        if (value == null) {
            if (required) {
                throw GeniException.badArgs("option geni_rspec_version is required: {type: \"GENI\", version: \"3\"}");
            }
            return;
        }
        if (!(value instanceof Map<?, ?> version) || !(version.get("type") instanceof String type) || version.get("version") == null) {
            throw GeniException.badArgs("option geni_rspec_version must be a struct {type, version}");
        }
        if (!type.equalsIgnoreCase("GENI") || !String.valueOf(version.get("version")).equals("3")) {
            throw new GeniException(GeniCode.BADVERSION, "RSpec " + type + " " + version.get("version")
                    + " is not offered; this aggregate speaks GENI RSpec 3");
        }
    }

    private List<NodeDetails> allNodes() {
        List<NodeDetails> nodes = new ArrayList<>();
        NodeFilter filter = NodeFilter.all(PAGE);
        while (true) {
            List<NodeDetails> page = plc.nodes().nodes(filter);
            nodes.addAll(page);
            if (page.size() < PAGE) {
                return nodes;
            }
            filter = filter.after(page.getLast().nodeId());
        }
    }

    private Map<Long, String> loginBases() {
        Map<Long, String> loginBases = new HashMap<>();
        SiteFilter filter = SiteFilter.all(PAGE);
        while (true) {
            List<SiteDetails> page = plc.sites().sites(filter);
            page.forEach(site -> loginBases.put(site.siteId(), site.loginBase()));
            if (page.size() < PAGE) {
                return loginBases;
            }
            filter = filter.after(page.getLast().siteId());
        }
    }
}
