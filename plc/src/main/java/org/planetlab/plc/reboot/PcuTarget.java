package org.planetlab.plc.reboot;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A power control unit as a driver needs it, by PLCAPI's fields, and the port the node to power
 * cycle is wired to. The password never appears in {@link #toString()}.
 *
 * @param pcuId the PCU
 * @param ip its address
 * @param hostname its DNS name, if recorded
 * @param protocol what it speaks, e.g. {@code ipmi}
 * @param model its model, if recorded
 * @param username the login name, if any
 * @param password the password, if any
 * @param port the PCU port (outlet) the node is wired to
 */
public record PcuTarget(long pcuId, String ip, Optional<String> hostname, String protocol, Optional<String> model,
        Optional<String> username, Optional<String> password, long port) {
    public PcuTarget {
        requireNonNull(ip, "ip is null");
        requireNonNull(hostname, "hostname is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(model, "model is null");
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
    }

    @Override
    public String toString() {
        return "PCU " + pcuId + " (" + protocol + " at " + ip + ", port " + port + ")";
    }
}
