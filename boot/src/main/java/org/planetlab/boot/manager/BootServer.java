package org.planetlab.boot.manager;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.client.UntrustedCertificateException;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.boot.medium.BootMedium;
import org.planetlab.node.boot.BootState;
import org.planetlab.trust.node.NodeRequestSigner;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.tls.TlsContexts;
import org.planetlab.trust.tls.TlsPolicy;

/**
 * The boot server as the boot manager sees it (Architecture §4.8.2): PLC's API over TLS whose
 * certificate must chain to the CA on the boot medium, every request signed with the node key of
 * {@code plnode.txt}. A server that cannot prove it is PLC and a PLC that refuses the node are
 * told apart in the messages, since the fix differs (the medium's address, or the node's
 * plnode.txt and registered address).
 */
public final class BootServer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BootServer.class);
    private final BootMedium medium;
    private final PlcClient plc;

    /**
     * @param localAddress the address to send from (the node's own); empty for the system's choice
     */
    public BootServer(BootMedium medium, PlnodeConfig plnode, Optional<InetAddress> localAddress, Clock clock,
            SecureRandom random) {
        this.medium = requireNonNull(medium, "medium is null");
        requireNonNull(plnode, "plnode is null");
        HttpClient.Builder http = HttpClient.newBuilder()
                .sslContext(TlsContexts.client(medium.tlsCa(), random))
                .sslParameters(TlsPolicy.clientParameters())
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        localAddress.ifPresent(http::localAddress);
        NodeRequestSigner signer = NodeRequestSigner.of(plnode, clock, random);
        RequestSigner headers = (method, target, body) -> Map.of("Authorization", signer.authorization(method, target, body));
        this.plc = new PlcClient(medium.bootServer(), new Credentials.Node(plnode.nodeId()), PlcClient.Encoding.JSON,
                http.build(), headers, Duration.ofSeconds(60));
    }

    /** The signed client, for the release download and the node's certificates. */
    PlcClient client() {
        return plc;
    }

    /** What PLC says about this node (BootGetNodeDetails). */
    public NodeDetails details() {
        Map<?, ?> answer = (Map<?, ?>) call("BootGetNodeDetails");
        List<String> keys = answer.get("debug_ssh_keys") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
        return new NodeDetails(((Number) answer.get("node_id")).longValue(), String.valueOf(answer.get("hostname")),
                BootState.parse(String.valueOf(answer.get("boot_state"))), keys);
    }

    /** Reports the run level reached (ReportRunlevel), with what was done or what went wrong. */
    public void reportRunlevel(String runLevel, String message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("run_level", runLevel);
        fields.put("message", message.length() > 1000 ? message.substring(0, 1000) : message);
        call("ReportRunlevel", fields);
    }

    /**
     * Reports the release the agent runs and its health (ReportNodeRelease), with a release the
     * node gave up because its agent failed the health check, and the status of an agent that
     * exited by itself and was started again; PLC's rollout gates read these.
     */
    public void reportRelease(long releaseNumber, boolean healthy, boolean sliversConverged, Optional<Long> failedRelease,
            Optional<Integer> agentExitStatus, String message) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("release_number", releaseNumber);
        report.put("healthy", healthy);
        report.put("slivers_converged", sliversConverged);
        failedRelease.ifPresent(failed -> report.put("failed_release", failed));
        agentExitStatus.ifPresent(status -> report.put("agent_exit_status", (long) status));
        report.put("message", message.length() > 1000 ? message.substring(0, 1000) : message);
        call("ReportNodeRelease", report);
    }

    /** The end of a reinstall: the node moves itself to boot (BootUpdateNode). */
    public void installed(String version) {
        call("BootUpdateNode", Map.of("boot_state", BootState.BOOT.wireName(), "version", version));
    }

    /**
     * Has PLC mail the node's site's techs a notice (BootNotifyOwners); best effort, since the
     * boot goes on (or has already failed) whether or not the mail can be queued.
     */
    public void notifyTechs(String messageId) {
        try {
            call("BootNotifyOwners", messageId, 0L, 1L, 0L);
        } catch (RuntimeException e) {
            LOG.warn("PLC could not queue the notice {} for the node's techs: {}", messageId, e.getMessage());
        }
    }

    /** A call whose failures say which side is wrong. */
    Object call(String method, Object... args) {
        try {
            return plc.call(method, args);
        } catch (UntrustedCertificateException e) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "the boot server at " + medium.bootServer()
                    + " is not PLC: its TLS certificate does not chain to the certificate authority on the boot medium ("
                    + medium.directory().resolve(BootMedium.CA_FILE) + "); refusing to boot from it. Check the medium's"
                    + " boot-server address, or write a new medium for this PLC", e);
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.AUTHENTICATION_FAILED) {
                throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "PLC at " + medium.bootServer()
                        + " refused this node: " + e.getMessage() + ". Check that plnode.txt is this node's current one"
                        + " (pl node config-file) and that the node sends from its registered address", e);
            }
            throw e;
        }
    }

    /** What the boot manager learns from BootGetNodeDetails. */
    public record NodeDetails(long nodeId, String hostname, BootState bootState, List<String> debugSshKeys) {
        public NodeDetails {
            requireNonNull(hostname, "hostname is null");
            requireNonNull(bootState, "bootState is null");
            debugSshKeys = List.copyOf(debugSshKeys);
        }
    }
}
