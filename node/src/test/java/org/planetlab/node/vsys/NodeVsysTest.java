package org.planetlab.node.vsys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/**
 * The vsys endpoints over real FIFOs and real scripts: who may call what, that a request reaches
 * a script only as its standard input, and that floods, garbage, hanging and flooding scripts
 * stay within the limits while other slices are served.
 */
class NodeVsysTest {
    private static final Duration RUN_TIME = Duration.ofSeconds(2);
    private static final int OUTPUT_BYTES = 65_536;

    @TempDir
    Path base;
    private Path scripts;
    private Path slivers;
    private NodeVsys vsys;

    @BeforeEach
    void install() throws IOException {
        scripts = Files.createDirectories(base.resolve("scripts"));
        slivers = Files.createDirectories(base.resolve("slivers"));
        script("show", """
                #!/bin/sh
                echo ran >> runs.log
                echo "argc=$#"
                echo "slice=$1"
                echo "env=$(env | cut -d= -f1 | sort | tr '\\n' ' ')"
                IFS= read -r line
                printf 'request=%s\\n' "$line"
                """);
        script("hang", """
                #!/bin/sh
                touch hanging
                exec sleep 60
                """);
        script("flood", """
                #!/bin/sh
                exec cat /dev/zero
                """);
        Files.writeString(scripts.resolve("hang.acl"), "# slices that may hang\nalpha_web\n");
        Files.writeString(scripts.resolve("usage.acl"), "alpha_web\nbeta_web\n");
        Files.createDirectories(slivers.resolve("alpha_web"));
        Files.createDirectories(slivers.resolve("beta_web"));
        VsysSettings settings = new VsysSettings(scripts, 4096, OUTPUT_BYTES, RUN_TIME, 1, 4);
        vsys = new NodeVsys(settings, name -> slivers.resolve(name).resolve("vsys"),
                Map.of(UsageHelper.NAME, new UsageHelper(name -> new SliverUsage(7_000, 2, 3, 4, 5, 6, 7, 8, 50, 9))));
    }

    @AfterEach
    void close() {
        vsys.close();
    }

    @Test
    void aGrantedScriptWorksForItsSliceAndIsRefusedToAnother() throws Exception {
        script("loose", "#!/bin/sh\necho anyone may have changed me\n");
        Files.setPosixFilePermissions(scripts.resolve("loose"), PosixFilePermissions.fromString("rwxrwxrwx"));
        vsys.sync(List.of(vm("alpha_web", "show,loose,missing"), vm("beta_web", "")));
        assertThat(vsys.open("alpha_web")).as("a script others may write, or one not installed, is not offered")
                .containsExactlyInAnyOrder("show", "hang", "usage");
        assertThat(vsys.open("beta_web")).containsExactly("usage");

        String answer = call("alpha_web", "show", "hello world\n");
        assertThat(answer).contains("argc=1\n", "slice=alpha_web\n", "request=hello world\n");
        assertThat(answer).containsPattern("env=(PATH |PWD |SHLVL |VSYS_SLICE |_ )+\n");
        assertThat(Files.exists(slivers.resolve("beta_web/vsys/show.in"))).as("beta_web has no endpoint for show").isFalse();
        assertThat(call("beta_web", "usage", "\n")).contains("cpu_ns 7000\n", "cpu_cap 50\n");

        vsys.sync(List.of(vm("alpha_web", ""), vm("beta_web", "")));
        assertThat(vsys.open("alpha_web")).doesNotContain("show");
        assertThat(Files.exists(slivers.resolve("alpha_web/vsys/show.in"))).as("a revoked endpoint is removed").isFalse();

        vsys.sync(List.of(vm("beta_web", "")));
        assertThat(vsys.open("alpha_web")).isEmpty();
    }

    @Test
    void aRescanLooksAtTheSliversOnlyWhenTheOperatorChangedScriptsOrAcls() throws Exception {
        vsys.sync(List.of(vm("alpha_web", ""), vm("beta_web", "")));
        assertThat(vsys.open("beta_web")).containsExactly(UsageHelper.NAME);
        assertThat(vsys.rescan(() -> {
            throw new AssertionError("the slivers were listed although nothing changed");
        })).isFalse();

        Files.writeString(scripts.resolve("show.acl"), "beta_web\n");
        assertThat(vsys.rescan(() -> List.of(vm("alpha_web", ""), vm("beta_web", "")))).isTrue();
        assertThat(vsys.open("beta_web")).containsExactlyInAnyOrder(UsageHelper.NAME, "show");
        assertThat(call("beta_web", "show", "hi\n")).contains("slice=beta_web");

        Files.setPosixFilePermissions(scripts.resolve("show"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(vsys.rescan(() -> List.of(vm("alpha_web", ""), vm("beta_web", "")))).isTrue();
        assertThat(vsys.open("beta_web")).containsExactly(UsageHelper.NAME);
        assertThat(Files.exists(slivers.resolve("beta_web/vsys/show.in"))).isFalse();
    }

    @Test
    void everyTenthRescanAndTheOneAfterAFailureCatchUpWithASliverWhoseChangeWasMissed() throws Exception {
        Files.writeString(scripts.resolve("show.acl"), "beta_web\ngamma_web\n");
        vsys.sync(List.of(vm("alpha_web", "")));
        // beta_web was created, but its event never reached vsys
        List<VmRecord> vms = List.of(vm("alpha_web", ""), vm("beta_web", ""));
        assertThat(vsys.open("beta_web")).isEmpty();

        NodeVsys.Rescans rescans = vsys.new Rescans();
        for (int i = 1; i < NodeVsys.FULL_SYNC_EVERY; i++) {
            assertThat(rescans.run(() -> vms)).as("rescan %d", i).isFalse();
        }
        assertThat(vsys.open("beta_web")).isEmpty();
        assertThat(rescans.run(() -> vms)).isTrue();
        assertThat(vsys.open("beta_web")).containsExactlyInAnyOrder(UsageHelper.NAME, "show");
        assertThat(call("beta_web", "show", "hi\n")).contains("slice=beta_web");

        // gamma_web's creation could not be applied: the next rescan is a full one
        List<VmRecord> more = List.of(vm("alpha_web", ""), vm("beta_web", ""), vm("gamma_web", ""));
        rescans.repairNext();
        assertThat(rescans.run(() -> more)).isTrue();
        assertThat(vsys.open("gamma_web")).contains("show");
        assertThat(rescans.run(() -> more)).isFalse();
    }

    @Test
    void aRequestCannotInjectArgumentsOrEscape() throws Exception {
        vsys.sync(List.of(vm("alpha_web", "show")));
        Path marker = base.resolve("injected");
        for (String hostile : List.of("; touch " + marker, "$(touch " + marker + ")", "`touch " + marker + "`",
                "| touch " + marker, "../../../../etc/passwd", "--help -rf /", "' \" \\ * ? [ ] ~ { } & < >")) {
            String answer = call("alpha_web", "show", hostile + "\n");
            assertThat(answer).as(hostile).contains("argc=1\n", "slice=alpha_web\n", "request=" + hostile + "\n");
        }
        assertThat(marker).doesNotExist();
        long runs = Files.readAllLines(scripts.resolve("runs.log")).size();

        assertThat(call("alpha_web", "show", "before\0after\n")).startsWith("vsys: error: the request holds a control character (code 0)");
        assertThat(call("alpha_web", "show", "escape \u001b[2J\n")).startsWith("vsys: error: the request holds a control character");
        assertThat(callBytes("alpha_web", "show", new byte[] {'a', (byte) 0xff, '\n'})).startsWith("vsys: error: the request is not UTF-8");
        assertThat(call("alpha_web", "show", "x".repeat(5000) + "\n")).startsWith("vsys: error: request longer than 4096 bytes");
        assertThat(Files.readAllLines(scripts.resolve("runs.log"))).as("no refused request reached the script").hasSize((int) runs);
        assertThat(call("alpha_web", "show", "still served\n")).contains("request=still served\n");
    }

    @Test
    void floodsGarbageAndMisbehavingScriptsStayBounded() throws Exception {
        vsys.sync(List.of(vm("alpha_web", "show,flood"), vm("beta_web", "")));

        byte[] garbage = new byte[8 << 20];
        new Random(1).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n') {
                garbage[i] = 'x';
            }
        }
        CompletableFuture<Void> flooding = CompletableFuture.runAsync(() -> write(slivers.resolve("alpha_web/vsys/show.in"), garbage));
        assertThat(call("beta_web", "usage", "\n")).as("another slice is served during the flood").contains("cpu_ns 7000\n");
        flooding.get(60, TimeUnit.SECONDS);
        assertThat(call("alpha_web", "show", "\n")).startsWith("vsys: error: request longer than 4096 bytes");

        byte[] flood = read("alpha_web", "flood", "\n".getBytes(StandardCharsets.UTF_8));
        assertThat(flood.length).as("a flooding script is cut at the output limit").isEqualTo(OUTPUT_BYTES);

        long started = System.nanoTime();
        CompletableFuture<String> hanging = CompletableFuture.supplyAsync(() -> uncheckedCall("alpha_web", "hang", "\n"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(scripts.resolve("hanging")));
        assertThat(call("alpha_web", "usage", "\n")).as("one run per slice at once")
                .startsWith("vsys: error: busy: slice alpha_web already runs 1 helpers");
        assertThat(call("beta_web", "usage", "\n")).contains("cpu_ns 7000\n");
        assertThat(hanging.get(30, TimeUnit.SECONDS)).startsWith("vsys: error: hang ran longer than 2000 ms and was stopped");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(RUN_TIME.plusSeconds(5));
        assertThat(call("alpha_web", "usage", "\n")).contains("cpu_ns 7000\n");
    }

    private VmRecord vm(String name, String vsysNames) {
        Rspec rspec = vsysNames.isEmpty() ? Rspec.EMPTY : Rspec.EMPTY.withAttribute(RspecAttribute.VSYS, vsysNames);
        return new VmRecord(name, name.startsWith("alpha") ? 1 : 2, VmRecord.LINUX_CONTAINER, rspec, "ab".repeat(16),
                VmPhase.RUNNING, "plc.scs", Instant.EPOCH);
    }

    private void script(String name, String text) throws IOException {
        Path script = scripts.resolve(name);
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String call(String sliver, String script, String request) throws Exception {
        return callBytes(sliver, script, request.getBytes(StandardCharsets.UTF_8));
    }

    private String uncheckedCall(String sliver, String script, String request) {
        try {
            return call(sliver, script, request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String callBytes(String sliver, String script, byte[] request) throws Exception {
        return new String(read(sliver, script, request), StandardCharsets.UTF_8);
    }

    /** What a sliver does: writes the request into {@code .in}, then reads {@code .out} to its end. */
    private byte[] read(String sliver, String script, byte[] request) throws Exception {
        Path directory = slivers.resolve(sliver).resolve("vsys");
        write(directory.resolve(script + ".in"), request);
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream answer = new FileInputStream(directory.resolve(script + ".out").toFile())) {
                return answer.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);
    }

    private static void write(Path fifo, byte[] bytes) {
        try (OutputStream in = new FileOutputStream(fifo.toFile())) {
            in.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + fifo, e);
        }
    }
}
