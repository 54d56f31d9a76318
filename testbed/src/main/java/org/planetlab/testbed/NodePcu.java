package org.planetlab.testbed;

import java.nio.file.Path;
import java.util.List;

/**
 * A testbed node's power control unit: OpenIPMI's BMC simulator {@code ipmi_sim} on its own
 * loopback address, UDP 623, whose chassis power commands run the node's reboot script, so that
 * RebootNodeWithPCU power cycles the node for real (docs/operations.md).
 */
final class NodePcu {
    static final String USER = "pcuadmin";

    private NodePcu() {}

    /** The PCU's address: 127.(the testbed subnet's second number).0.(node index). */
    static String address(TestbedLayout layout, TestbedLayout.TestbedNode node) {
        return "127." + layout.subnet().split("\\.")[1] + ".0." + node.index();
    }

    static String lanConf(TestbedLayout layout, TestbedLayout.TestbedNode node, String password) {
        return """
                name "%1$s"
                set_working_mc 0x20
                  startlan 1
                    addr %2$s 623
                    priv_limit admin
                    allowed_auths_callback md5
                    allowed_auths_user md5
                    allowed_auths_operator md5
                    allowed_auths_admin md5
                    guid a123456789abcdefa123456789abcdef
                  endlan
                  chassis_control "%3$s"
                  user 2 true "%4$s" "%5$s" admin 10 md5
                """.formatted(layout.prefix() + "-pcu" + node.index(), address(layout, node),
                pcuDirectory(node).resolve("chassis-control"), USER, password);
    }

    static String commands() {
        return """
                mc_setbmc 0x20
                mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr
                mc_enable 0x20
                """;
    }

    static Path pcuDirectory(TestbedLayout.TestbedNode node) {
        return node.directory().resolve("pcu");
    }

    static List<String> command(TestbedLayout.TestbedNode node) {
        Path directory = pcuDirectory(node);
        return List.of("ipmi_sim", "-c", directory.resolve("lan.conf").toString(), "-f",
                directory.resolve("commands").toString(), "-s", directory.resolve("state").toString(), "-n");
    }
}
