package org.planetlab.plc.reboot;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.error.PlanetLabException;

/**
 * The {@code reboot.*} keys of PLC's configuration (docs/boot.md).
 *
 * @param podPort the UDP port nodes listen on for pings of death ({@code pod-port} of their agent config)
 * @param podCopies how many copies of each ping of death are sent, since UDP may lose one; the
 *     node obeys the first and ignores the others as replays
 * @param ipmitool the {@code ipmitool} program
 * @param ipmiPort the UDP port of IPMI-over-LAN power control units
 * @param ipmiCipherSuite the RMCP+ cipher suite asked for; 3 (HMAC-SHA1, AES-128) is the one every
 *     IPMI 2.0 controller has, and naming it spares a round trip that some controllers fail
 * @param pcuTimeout how long one PCU command may take
 */
public record RebootSettings(int podPort, int podCopies, String ipmitool, int ipmiPort, int ipmiCipherSuite,
        Duration pcuTimeout) {
    /** The port nodes listen on unless configured otherwise. */
    public static final int DEFAULT_POD_PORT = 7911;
    public static final RebootSettings DEFAULT = new RebootSettings(DEFAULT_POD_PORT, 3, "ipmitool", 623, 3,
            Duration.ofSeconds(30));
    private static final Set<String> KEYS = Set.of("pod-port", "pod-copies", "ipmitool", "ipmi-port",
            "ipmi-cipher-suite", "pcu-timeout-seconds");

    public RebootSettings {
        check(podPort >= 1 && podPort <= 65_535, "pod-port must be a UDP port from 1 to 65535, got " + podPort);
        check(podCopies >= 1 && podCopies <= 10, "pod-copies must be 1 to 10, got " + podCopies);
        requireNonNull(ipmitool, "ipmitool is null");
        check(!ipmitool.isBlank(), "ipmitool must name a program");
        check(ipmiPort >= 1 && ipmiPort <= 65_535, "ipmi-port must be a UDP port from 1 to 65535, got " + ipmiPort);
        check(ipmiCipherSuite >= 0 && ipmiCipherSuite <= 17, "ipmi-cipher-suite must be 0 to 17, got " + ipmiCipherSuite);
        requireNonNull(pcuTimeout, "pcuTimeout is null");
        check(pcuTimeout.toSeconds() >= 1 && pcuTimeout.toSeconds() <= 600, "pcu-timeout-seconds must be 1 to 600");
    }

    /** Reads the section's keys; refuses keys it does not know. */
    public static RebootSettings from(Map<String, String> section) {
        Set<String> unknown = new TreeSet<>(section.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw PlanetLabException.invalidArgument("unknown reboot configuration keys " + unknown
                    + "; known keys are reboot." + String.join(", reboot.", new TreeSet<>(KEYS)));
        }
        return new RebootSettings(
                number(section, "pod-port", DEFAULT.podPort()),
                number(section, "pod-copies", DEFAULT.podCopies()),
                section.getOrDefault("ipmitool", DEFAULT.ipmitool()).strip(),
                number(section, "ipmi-port", DEFAULT.ipmiPort()),
                number(section, "ipmi-cipher-suite", DEFAULT.ipmiCipherSuite()),
                Duration.ofSeconds(number(section, "pcu-timeout-seconds", (int) DEFAULT.pcuTimeout().toSeconds())));
    }

    private static int number(Map<String, String> section, String key, int fallback) {
        String text = section.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument("reboot." + key + " must be a whole number, got '" + text + "'");
        }
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw PlanetLabException.invalidArgument("reboot." + problem);
        }
    }
}
