package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.node.sliver.ExecRequest;

/**
 * Privileged: what one sliver's root tries against its neighbour, its node and the kernel, each
 * attempt a probe that must be denied. Prints "N/N probes denied". Sliver root administers its
 * own network namespace (raw sockets, addresses, routes: what it may do there is probed with
 * traffic in NetworkedIsolationTest); the probes here cover what lies beyond it.
 */
@Privileged
class SliverIsolationTest {
    private static TestingNodeAgent node;
    private static long victimSleepPid;
    private static final String ATTACKER = "iso_attacker";
    private static final String VICTIM = "iso_victim";

    @BeforeAll
    static void createSlivers() throws IOException {
        createSlivers(Map.of());
    }

    /** Starts a node with {@code overrides} of its agent config (such as another image) and the two slivers. */
    static void createSlivers(Map<String, String> overrides) throws IOException {
        // A subclass's set-up may run after this class's: the node made first must not outlive the test.
        if (node != null) {
            node.close();
        }
        node = TestingNodeAgent.start(overrides);
        node.createSliver(ATTACKER);
        node.createSliver(VICTIM);
        node.sh(VICTIM, "echo victim-secret > /root/secret; (sleep 1000 >/dev/null 2>&1 &) ; true");
        byte[] client = Files.readAllBytes(node.agent.exec().builder(ATTACKER, ExecRequest.asRoot(List.of("true"))).command().stream()
                .findFirst().map(java.nio.file.Path::of).orElseThrow());
        TestingNodeAgent.Result copied = node.run(ATTACKER, ExecRequest.asRoot(List.of("/bin/sh", "-c",
                "cat > /tmp/nmcall && chmod 755 /tmp/nmcall")), client);
        assertThat(copied.exitCode()).isZero();
        victimSleepPid = hostPidOfVictimSleep();
    }

    @AfterAll
    static void removeSlivers() {
        if (node != null) {
            node.close();
        }
    }

    private static long hostPidOfVictimSleep() throws IOException {
        for (long pid : node.agent.runtime().cgroupProcsFiles(VICTIM).stream().findFirst().map(path -> {
            try {
                return Files.readAllLines(path).stream().map(Long::parseLong).toList();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).orElseThrow()) {
            String command = Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "cmdline"));
            if (command.startsWith("sleep")) {
                return pid;
            }
        }
        throw new IllegalStateException("the victim's sleep is not running");
    }

    @Test
    void everyProbeIsDenied() {
        assertThat(nodeManager("WhoAmI", "{}")).contains("\"slice\":\"" + ATTACKER + "\"");

        Map<String, Boolean> probes = new LinkedHashMap<>();
        probes.put("see the neighbour's processes", denied("ps -o pid,args", output -> !output.contains("sleep 1000")));
        probes.put("see host processes", denied("ls /proc | grep -c '^[0-9]'", output -> Integer.parseInt(output.strip()) < 8));
        probes.put("signal the neighbour's process by host pid", failed("kill -0 " + victimSleepPid));
        probes.put("kill the neighbour's process by host pid", failed("kill -9 " + victimSleepPid));
        probes.put("read the neighbour's file through the host path", failed("cat " + node.base.resolve("run/disk/slivers/" + VICTIM + "/upper/root/secret")));
        probes.put("find the neighbour's file anywhere", denied("grep -rs victim-secret /root /tmp /home /var 2>/dev/null; true", String::isBlank));
        probes.put("node manager: destroy the neighbour", nodeManagerDenied("DestroyVM", "{\"name\":\"" + VICTIM + "\"}"));
        probes.put("node manager: stop the neighbour", nodeManagerDenied("StopVM", "{\"name\":\"" + VICTIM + "\"}"));
        probes.put("node manager: read the neighbour's usage", nodeManagerDenied("GetUsage", "{\"name\":\"" + VICTIM + "\"}"));
        probes.put("node manager: CreatePool as a plain slice", nodeManagerDenied("CreatePool", "{\"slice\":\"" + ATTACKER + "\",\"rspec\":{}}"));
        probes.put("node manager: set the node rate", nodeManagerDenied("SetNodeRate", "{\"kbps\":1}"));
        probes.put("node manager: capture the neighbour's traffic", nodeManagerDenied("CaptureTraffic", "{\"name\":\"" + VICTIM + "\",\"packets\":1,\"seconds\":1}"));
        probes.put("node manager: blacklist", nodeManagerDenied("SetBlacklist", "{\"slices\":[\"" + VICTIM + "\"]}"));
        probes.put("remount /proc writable", failed("mount -o remount,rw /proc/sys"));
        probes.put("remount /sys writable", failed("mount -o remount,rw /sys"));
        probes.put("write a kernel setting", failed("echo evil > /proc/sys/kernel/hostname"));
        probes.put("mount a fresh /proc", failed("mkdir -p /mnt/p && mount -t proc proc /mnt/p"));
        probes.put("unmask /proc/keys", failed("umount /proc/keys"));
        probes.put("read /proc/kcore", denied("head -c 16 /proc/kcore 2>/dev/null | wc -c", output -> output.strip().equals("0")));
        probes.put("read /proc/keys", denied("cat /proc/keys 2>/dev/null | wc -c", output -> output.strip().equals("0")));
        probes.put("read /proc/timer_list", denied("cat /proc/timer_list 2>/dev/null | wc -c", output -> output.strip().equals("0")));
        probes.put("load a kernel module", failed("printf '\\177ELF' > /tmp/evil.ko && insmod /tmp/evil.ko"));
        probes.put("change the module loader", failed("echo /tmp/evil > /proc/sys/kernel/modprobe"));
        probes.put("create a block device", failed("mknod /tmp/disk b 8 0"));
        probes.put("create a memory device", failed("mknod /tmp/mem c 1 1"));
        probes.put("setns into the host's network namespace", failed("nsenter -t 1 -n true"));
        probes.put("setns into the host's mount namespace", failed("nsenter --mount=/proc/1/ns/mnt true"));
        probes.put("change the host name", failed("hostname evil"));
        probes.put("change a network setting of its namespace", failed("echo 1 > /proc/sys/net/ipv4/ip_forward"));
        probes.put("change the ping groups that let non-root users ping", failed("echo '0 0' > /proc/sys/net/ipv4/ping_group_range"));
        probes.put("mount a fresh sysfs without the masks", failed("mkdir -p /mnt/s && mount -t sysfs sysfs /mnt/s"));
        probes.put("unmask /sys/firmware", failed("umount /sys/firmware"));
        probes.put("list a masked directory", denied("ls -A /proc/driver /sys/firmware 2>/dev/null | grep -cv -e ':$' -e '^$'",
                output -> output.strip().equals("0")));
        probes.put("write into a masked directory", failed("touch /proc/driver/evil || touch /proc/acpi/evil"));
        probes.put("remount a masked directory writable", failed("mount -o remount,rw /proc/driver"));
        probes.put("reboot the node", failed("reboot -f"));
        probes.put("rewrite its own uid map", failed("echo '0 0 1' > /proc/self/uid_map"));
        probes.put("become a host uid outside its range", failed("chown 4000000:0 /tmp/evil.ko"));
        probes.put("trigger sysrq", failed("echo b > /proc/sysrq-trigger"));
        probes.put("use a descriptor leaked by the agent", denied("ls /proc/self/fd | tr '\\n' ' '", output -> output.strip().equals("0 1 2 3")));

        List<String> allowed = new ArrayList<>();
        probes.forEach((name, wasDenied) -> {
            if (!wasDenied) {
                allowed.add(name);
            }
        });
        long deniedCount = probes.values().stream().filter(Boolean::booleanValue).count();
        System.out.println(deniedCount + "/" + probes.size() + " probes denied");
        assertThat(node.sh(ATTACKER, "true").exitCode()).as("the attacker still runs").isZero();
        assertThat(node.sh(VICTIM, "cat /root/secret").output()).isEqualTo("victim-secret\n");
        assertThat(allowed).as("probes that were not denied").isEmpty();
        assertThat(node.sh(ATTACKER, "ip link set lo down && ip link set lo up").exitCode())
                .as("sliver root administers its own network namespace").isZero();
        assertThat(probes).hasSizeGreaterThanOrEqualTo(25);
    }

    private static boolean failed(String command) {
        return node.sh(ATTACKER, command).exitCode() != 0;
    }

    private static boolean denied(String command, Predicate<String> deniedWhen) {
        return deniedWhen.test(node.sh(ATTACKER, command).output());
    }

    private static String nodeManager(String method, String params) {
        String request = "{\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
        return node.sh(ATTACKER, "echo '" + request + "' | /tmp/nmcall connect /.planetlab/node-manager.sock").output();
    }

    private static boolean nodeManagerDenied(String method, String params) {
        String answer = nodeManager(method, params);
        return answer.contains("\"PERMISSION_DENIED\"") || answer.contains("\"NOT_FOUND\"");
    }
}
