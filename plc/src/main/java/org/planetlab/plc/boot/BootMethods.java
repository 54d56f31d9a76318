package org.planetlab.plc.boot;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.node.NodeTables;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;
import org.planetlab.trust.authority.PlcTrust;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.node.NodeCertificateIssuer;

/**
 * The boot server: what a booting node learns about itself, what it reports, and the
 * certificate the management authority gives it for the key pair it generated.
 */
public final class BootMethods {
    private static final java.time.Duration TLS_LIFETIME = java.time.Duration.ofDays(30);

    private final NodeCertificateIssuer certificates;
    private final PlcTrust trust;

    public BootMethods(PlcTrust trust, Clock clock, SecureRandom random) {
        this.trust = requireNonNull(trust, "trust is null");
        this.certificates = new NodeCertificateIssuer(trust.managementAuthority(), new CertificateSigner(clock, random),
                NodeCertificateIssuer.DEFAULT_LIFETIME);
    }

    public void register(MethodRegistry registry) {
        registry.bind("BootGetNodeDetails", this::details)
                .bind("BootUpdateNode", this::update)
                .bind("BootIssueCertificate", this::issueCertificate)
                .bind("BootIssueTlsCertificate", this::issueTlsCertificate);
    }

    private Object details(Call call) {
        Nodes.NodeRecord node = self(call);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("node_id", node.nodeId());
        details.put("hostname", node.hostname());
        details.put("site_id", node.siteId());
        details.put("boot_state", node.bootState());
        details.put("interfaces", QueryEngine.get(call.db(), NodeTables.INTERFACES,
                Filter.where("node_id", node.nodeId()), null, QueryEngine.Access.EVERYONE));
        return details;
    }

    private Object update(Call call) {
        Nodes.NodeRecord node = self(call);
        Map<String, Object> fields = call.structArg(0);
        Map<String, Object> row = new LinkedHashMap<>();
        if (fields.containsKey("boot_state")) {
            if (!node.bootState().equals("reinstall")) {
                throw PlanetLabException.invalidArgument("boot_state: node %s is in state %s; a node moves itself to"
                        .formatted(node.hostname(), node.bootState()) + " boot only at the end of a reinstall");
            }
            row.put("boot_state", fields.get("boot_state"));
            call.message("node %d installed; now in boot".formatted(node.nodeId()));
        }
        if (fields.containsKey("version")) {
            row.put("version", fields.get("version"));
        }
        row.put("last_updated", call.now());
        Rows.update(call.db(), "nodes", "node_id", node.nodeId(), row);
        call.affected(ObjectType.NODE, node.nodeId());
        return 1L;
    }

    private Object issueCertificate(Call call) {
        Nodes.NodeRecord node = self(call);
        if (!node.bootState().equals("boot")) {
            throw PlanetLabException.invalidArgument("node %s is in state %s; certificates are issued to nodes in boot"
                    .formatted(node.hostname(), node.bootState()));
        }
        String xml = certificates.issue(node.nodeId(), node.hostname(), call.stringArg(0)).xml();
        call.affected(ObjectType.NODE, node.nodeId());
        call.message("certificate issued to node " + node.nodeId());
        return xml;
    }

    private Object issueTlsCertificate(Call call) {
        Nodes.NodeRecord node = self(call);
        if (!node.bootState().equals("boot")) {
            throw PlanetLabException.invalidArgument("node %s is in state %s; certificates are issued to nodes in boot"
                    .formatted(node.hostname(), node.bootState()));
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        names.add(node.hostname());
        call.db().createQuery("SELECT ip FROM interfaces WHERE node_id = :id AND ip IS NOT NULL ORDER BY is_primary DESC")
                .bind("id", node.nodeId()).mapTo(String.class).forEach(names::add);
        java.security.cert.X509Certificate certificate = trust.tlsAuthority().issueServer(
                Pem.readPublicKey(call.stringArg(0)), names, TLS_LIFETIME);
        call.affected(ObjectType.NODE, node.nodeId());
        call.message("TLS certificate issued to node %d for %s".formatted(node.nodeId(), names));
        return Pem.write(certificate);
    }

    private static Nodes.NodeRecord self(Call call) {
        return Nodes.require(call.db(), call.caller().nodeId().orElseThrow(() ->
                PlanetLabException.permissionDenied("only a node may call the boot server for itself")));
    }
}
