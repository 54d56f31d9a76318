package org.planetlab.node.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.state.SliceNames;

/**
 * The agent's parts that talk to the world: the boot manager (PLC's boot server), the slice
 * creation service it starts, the SSH gateway, and the schedule of the daily byte budget.
 * Without a {@code plnode-file} the node runs alone: a node manager and slivers, no PLC.
 *
 * @param plnodeFile the node's {@code plnode.txt}; empty for a node without PLC
 * @param plcUrl PLC's API, e.g. {@code https://plc.example.org}; required with a plnode file
 * @param plcCaFile the PEM certificate of PLC's TLS CA, the only CA the node trusts for PLC
 * @param trustRootsDirectory PLC's well-known root public keys ({@code *.pem}), which certificates,
 *     tickets and leases are verified against
 * @param bootCheckInterval how often the boot manager asks PLC for the node's boot state
 * @param scsSlice the slice the slice creation service runs as
 * @param scsPort the TCP port of its ticket endpoint (TLS); 0 for none
 * @param scsPollWait how long one GetSlivers long poll waits for a change
 * @param scsFullPollInterval how often the service asks for the whole view even when nothing changed
 * @param sshPort the SSH gateway's TCP port; 0 for no gateway
 * @param serviceAddress the address the gateway and the ticket endpoint listen on; empty for the
 *     node's address ({@code node-address}, else plnode.txt's IP_ADDRESS)
 * @param bandwidthInterval how often the daily byte budget is checked
 * @param bandwidthDay how long one byte budget lasts
 * @param metricsListen where the agent serves Prometheus metrics ({@code /metrics}); empty for
 *     nowhere. Whoever reaches the address may read them: bind it to loopback or a management
 *     network
 */
public record ServicesConfig(
        Optional<Path> plnodeFile,
        Optional<URI> plcUrl,
        Optional<Path> plcCaFile,
        Optional<Path> trustRootsDirectory,
        Duration bootCheckInterval,
        String scsSlice,
        int scsPort,
        Duration scsPollWait,
        Duration scsFullPollInterval,
        int sshPort,
        String serviceAddress,
        Duration bandwidthInterval,
        Duration bandwidthDay,
        Optional<java.net.InetSocketAddress> metricsListen) {
    public ServicesConfig {
        requireNonNull(plnodeFile, "plnodeFile is null");
        requireNonNull(plcUrl, "plcUrl is null");
        requireNonNull(plcCaFile, "plcCaFile is null");
        requireNonNull(trustRootsDirectory, "trustRootsDirectory is null");
        requireNonNull(bootCheckInterval, "bootCheckInterval is null");
        requireNonNull(scsPollWait, "scsPollWait is null");
        requireNonNull(scsFullPollInterval, "scsFullPollInterval is null");
        requireNonNull(serviceAddress, "serviceAddress is null");
        requireNonNull(bandwidthInterval, "bandwidthInterval is null");
        requireNonNull(bandwidthDay, "bandwidthDay is null");
        requireNonNull(metricsListen, "metricsListen is null");
        if (plnodeFile.isPresent()) {
            check(plcUrl.isPresent(), "plc-url", "is required with plnode-file (PLC's API, e.g. https://plc.example.org)");
            check(plcCaFile.isPresent(), "plc-ca-file", "is required with plnode-file (PLC's TLS CA certificate, tls-ca.pem)");
            check(trustRootsDirectory.isPresent(), "trust-roots-dir", "is required with plnode-file (PLC's trust/roots directory)");
        }
        plcUrl.ifPresent(url -> check("https".equals(url.getScheme()) || "http".equals(url.getScheme()), "plc-url",
                "must be an https:// (or, for tests, http://) URL, was " + url));
        SliceNames.check(scsSlice);
        check(scsPort >= 0 && scsPort <= 65_535, "scs-port", "must be 0 to 65535, was " + scsPort);
        check(sshPort >= 0 && sshPort <= 65_535, "ssh-port", "must be 0 to 65535, was " + sshPort);
        check(!bootCheckInterval.isNegative() && bootCheckInterval.toMillis() >= 100, "boot-check-seconds", "must be positive");
        check(scsPollWait.toSeconds() >= 1 && scsPollWait.toSeconds() <= 300, "scs-wait-seconds", "must be 1 to 300");
        check(scsFullPollInterval.toSeconds() >= 1, "scs-full-poll-seconds", "must be positive");
        check(bandwidthInterval.toSeconds() >= 1, "bandwidth-check-seconds", "must be positive");
        check(bandwidthDay.toSeconds() >= 1, "bandwidth-day-seconds", "must be positive");
    }

    /** True when the node boots from PLC (a plnode.txt is configured). */
    public boolean managed() {
        return plnodeFile.isPresent();
    }

    private static void check(boolean condition, String key, String problem) {
        if (!condition) {
            throw PlanetLabException.invalidArgument("node agent config " + key + ": " + problem);
        }
    }
}
