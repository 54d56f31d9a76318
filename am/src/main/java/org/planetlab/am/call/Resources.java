package org.planetlab.am.call;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.rspec.RspecDocument;
import org.planetlab.am.sliver.AmSliver;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.sliver.NodeView;
import org.planetlab.plc.Plc;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeFilter;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteFilter;
import org.planetlab.plc.slice.SliceDetails;
import org.w3c.dom.Element;

/**
 * PLC's nodes as RSpecs: the advertisement ListResources answers (attributes at their defaults),
 * the manifests of a slice's slivers (a provisioned sliver's attributes as the node's view gives
 * them), and the node a URN of a request names.
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

    /** ListResources: every node of PLC (only bootable ones with geni_available), as an advertisement. */
    String listResources(Map<String, Object> options) {
        requireRspecVersion(options, true);
        boolean availableOnly = CallArguments.flag(options, "geni_available");
        Map<Long, String> loginBases = loginBases();
        RspecDocument rspec = new RspecDocument("advertisement", RspecDocument.AD_SCHEMA, clock.instant());
        rspec.root().setAttribute("expires", RspecDocument.time(clock.instant().plusSeconds(3600)));
        for (NodeDetails node : allNodes()) {
            boolean available = node.bootState().equals("boot");
            if (availableOnly && !available) {
                continue;
            }
            Element element = nodeElement(rspec, rspec.root(), node, loginBases.get(node.siteId()));
            rspec.add(element, "hardware_type").setAttribute("name", "plab-pc");
            rspec.add(element, "sliver_type").setAttribute("name", SLIVER_TYPE);
            rspec.add(element, "available").setAttribute("now", Boolean.toString(available));
            rspec.addAttributes(element);
        }
        String text = rspec.text();
        return CallArguments.flag(options, "geni_compressed") ? RspecDocument.compressed(text) : text;
    }

    /** The manifest of {@code slivers} of {@code slice}. */
    String manifest(SliceDetails slice, List<AmSliver> slivers, Map<String, Object> options) {
        RspecDocument rspec = new RspecDocument("manifest", RspecDocument.MANIFEST_SCHEMA, clock.instant());
        Map<Long, String> loginBases = loginBases();
        for (AmSliver sliver : slivers) {
            NodeDetails node = plc.nodes().node(NodeRef.of(sliver.nodeId())).orElse(null);
            if (node == null) {
                continue;
            }
            Element element = nodeElement(rspec, rspec.root(), node, loginBases.get(node.siteId()));
            sliver.clientId().ifPresent(clientId -> element.setAttribute("client_id", clientId));
            element.setAttribute("sliver_id", sliver.sliverUrn());
            rspec.add(element, "sliver_type").setAttribute("name", SLIVER_TYPE);
            if (sliver.provisioned()) {
                // The attributes the node will give the sliver, as PLC resolves them for it (GetSlivers).
                NodeView view = plc.database().read(handle -> plc.sliverViews().get(() -> handle, node.nodeId(),
                        clock.instant().getEpochSecond()).view());
                view.slivers().stream().filter(onNode -> onNode.sliceId() == slice.sliceId()).findFirst()
                        .ifPresent(onNode -> rspec.addAttributes(element, onNode.rspec()));
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
        if (!urn.authority().equals(names.authority() + ":" + loginBase)) {
            throw GeniException.searchFailed("node " + hostname + " belongs to site " + loginBase + ", not to " + urn.authority());
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
