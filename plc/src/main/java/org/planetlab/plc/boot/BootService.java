package org.planetlab.plc.boot;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.planetlab.trust.authority.PlcTrust;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.node.NodeCertificateIssuer;

/**
 * The management authority's boot server (Architecture section 4.8.2): a node, and only a node
 * acting for itself, learns who it is, reports the state it reached and the version it runs, and
 * has the key pairs it generated certified, once it is in {@code boot}. Its reports change the
 * registry and take the {@link MutationPath}; so do the certificates, which the event log records.
 */
public final class BootService {
    private static final Duration TLS_LIFETIME = Duration.ofDays(30);

    private final MutationPath mutations;
    private final Database database;
    private final PlcTrust trust;
    private final NodeCertificateIssuer certificates;

    public BootService(MutationPath mutations, Database database, PlcTrust trust, Clock clock, SecureRandom random) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.database = requireNonNull(database, "database is null");
        this.trust = requireNonNull(trust, "trust is null");
        this.certificates = new NodeCertificateIssuer(trust.managementAuthority(), new CertificateSigner(clock, random),
                NodeCertificateIssuer.DEFAULT_LIFETIME);
    }

    /** The calling node's details, in a read transaction of their own. */
    public BootDetails details(Caller caller) {
        return database.read(handle -> details(handle, caller));
    }

    public BootDetails details(Handle handle, Caller caller) {
        Nodes.NodeRecord node = self(handle, caller);
        return new BootDetails(node.nodeId(), node.hostname(), node.siteId(), node.bootState());
    }

    /** Records what the calling node reports, as a change of its own. */
    public void report(Caller caller, BootReport report) {
        mutations.run(caller, "BootUpdateNode", List.of(), mutation -> {
            report(mutation, report);
            return null;
        });
    }

    /**
     * Records what the calling node reports: a node moves itself to {@code boot} only from
     * {@code reinstall}; every other state change is an operator's.
     */
    public void report(Mutation mutation, BootReport report) {
        report(mutation, report, "unknown");
    }

    /**
     * As {@link #report(Mutation, BootReport)}, from {@code source}; the end of a reinstall goes
     * into the node's boot history.
     */
    public void report(Mutation mutation, BootReport report, String source) {
        requireNonNull(report, "report is null");
        Nodes.NodeRecord node = self(mutation.db(), mutation.caller());
        Map<String, Object> row = new LinkedHashMap<>();
        if (report.bootState().isPresent()) {
            if (!node.bootState().equals("reinstall")) {
                throw PlanetLabException.invalidArgument("boot_state: node %s is in state %s; a node moves itself to"
                        .formatted(node.hostname(), node.bootState()) + " boot only at the end of a reinstall");
            }
            row.put("boot_state", report.bootState().get());
            mutation.message("node %d installed; now in boot".formatted(node.nodeId()));
            BootHistory.record(mutation, node, BootHistory.INSTALLED, source, "installed"
                    + report.version().map(version -> " " + version).orElse("") + "; now in boot");
        }
        report.version().ifPresent(version -> row.put("version", version));
        row.put("last_updated", mutation.now());
        Rows.update(mutation.db(), "nodes", "node_id", node.nodeId(), row);
        mutation.affected(ObjectType.NODE, node.nodeId());
    }

    /**
     * Records the run level a node's boot manager reached (ReportRunlevel) in its boot history:
     * a node reports for itself; an operator may report for any node ({@code node} given).
     */
    public void reportRunlevel(Mutation mutation, String runLevel, String message, java.util.Optional<Object> node,
            String source) {
        String level = BootHistory.runLevel(runLevel);
        Caller caller = mutation.caller();
        Nodes.NodeRecord reporting;
        if (caller.isNode()) {
            reporting = self(mutation.db(), caller);
            if (node.isPresent() && !Nodes.require(mutation.db(), node.get()).equals(reporting)) {
                throw PlanetLabException.permissionDenied("ReportRunlevel: node %s reports only for itself"
                        .formatted(reporting.hostname()));
            }
        } else if (caller.isOperator()) {
            reporting = Nodes.require(mutation.db(), node.orElseThrow(() -> PlanetLabException.invalidArgument(
                    "ReportRunlevel: an operator names the node (node_id_or_hostname)")));
        } else {
            throw PlanetLabException.permissionDenied("ReportRunlevel: only a node or an operator reports run levels");
        }
        BootHistory.record(mutation, reporting, level, source, message == null ? "" : message);
        mutation.affected(ObjectType.NODE, reporting.nodeId());
        mutation.message("node %d reached %s".formatted(reporting.nodeId(), level));
    }

    /** Certifies the calling node's key pair, as a change of its own. */
    public String issueCertificate(Caller caller, String publicKeyPem) {
        return mutations.run(caller, "BootIssueCertificate", List.of(), mutation ->
                issueCertificate(mutation, publicKeyPem));
    }

    /**
     * The node's XML certificate for {@code publicKeyPem}, binding the key to its id and host
     * name, signed by the management authority; only for a node in {@code boot}.
     */
    public String issueCertificate(Mutation mutation, String publicKeyPem) {
        requireNonNull(publicKeyPem, "publicKeyPem is null");
        Nodes.NodeRecord node = booted(mutation);
        String xml = certificates.issue(node.nodeId(), node.hostname(), publicKeyPem).xml();
        mutation.affected(ObjectType.NODE, node.nodeId());
        mutation.message("certificate issued to node " + node.nodeId());
        return xml;
    }

    /** Certifies the key of the calling node's TLS endpoints, as a change of its own. */
    public String issueTlsCertificate(Caller caller, String publicKeyPem) {
        return mutations.run(caller, "BootIssueTlsCertificate", List.of(), mutation ->
                issueTlsCertificate(mutation, publicKeyPem));
    }

    /**
     * An X.509 certificate (PEM) from PLC's TLS authority for {@code publicKeyPem}, naming the
     * node's host name and registered addresses (primary first); only for a node in {@code boot}.
     */
    public String issueTlsCertificate(Mutation mutation, String publicKeyPem) {
        requireNonNull(publicKeyPem, "publicKeyPem is null");
        Nodes.NodeRecord node = booted(mutation);
        List<String> names = new ArrayList<>();
        names.add(node.hostname());
        mutation.db().createQuery("SELECT ip FROM interfaces WHERE node_id = :id AND ip IS NOT NULL"
                        + " ORDER BY is_primary DESC")
                .bind("id", node.nodeId()).mapTo(String.class).forEach(names::add);
        X509Certificate certificate = trust.tlsAuthority().issueServer(Pem.readPublicKey(publicKeyPem), names,
                TLS_LIFETIME);
        mutation.affected(ObjectType.NODE, node.nodeId());
        mutation.message("TLS certificate issued to node %d for %s".formatted(node.nodeId(), names));
        return Pem.write(certificate);
    }

    private static Nodes.NodeRecord booted(Mutation mutation) {
        Nodes.NodeRecord node = self(mutation.db(), mutation.caller());
        if (!node.bootState().equals("boot")) {
            throw PlanetLabException.invalidArgument("node %s is in state %s; certificates are issued to nodes in boot"
                    .formatted(node.hostname(), node.bootState()));
        }
        return node;
    }

    private static Nodes.NodeRecord self(Handle handle, Caller caller) {
        return Nodes.require(handle, caller.nodeId().orElseThrow(() ->
                PlanetLabException.permissionDenied("only a node may call the boot server for itself")));
    }
}
