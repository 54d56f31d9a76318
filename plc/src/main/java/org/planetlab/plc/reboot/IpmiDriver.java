package org.planetlab.plc.reboot;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * IPMI over LAN (RMCP+, IPMI 2.0), through {@code ipmitool -I lanplus}. A power cycle is an
 * explicit "power off", a wait until the controller reports the chassis off, "power on" and a wait
 * until it reports it on: "power cycle" is refused by controllers whose chassis is already off,
 * which is exactly the node that most needs it. The password reaches ipmitool in its environment
 * ({@code -E}, {@code IPMI_PASSWORD}), never on its command line, which every local user can read.
 */
public final class IpmiDriver implements PowerDriver {
    private static final int MAX_OUTPUT = 4096;
    private static final Duration POLL = Duration.ofMillis(250);

    private final RebootSettings settings;

    public IpmiDriver(RebootSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public Set<String> protocols() {
        return Set.of("ipmi", "ipmi-lan", "lanplus");
    }

    @Override
    public void powerCycle(PcuTarget target) {
        long deadline = System.nanoTime() + settings.pcuTimeout().toNanos();
        run(target, "chassis", "power", "off");
        awaitPower(target, "off", deadline);
        run(target, "chassis", "power", "on");
        awaitPower(target, "on", deadline);
    }

    @Override
    public String check(PcuTarget target) {
        return run(target, "chassis", "power", "status");
    }

    private void awaitPower(PcuTarget target, String state, long deadline) {
        String last = "";
        while (System.nanoTime() < deadline) {
            last = run(target, "chassis", "power", "status");
            if (last.toLowerCase(Locale.ROOT).contains("power is " + state)) {
                return;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        throw new PlanetLabException(ErrorCode.UNAVAILABLE, target + " did not report the chassis " + state + " within "
                + settings.pcuTimeout().toSeconds() + " s; it last said: " + last);
    }

    /** Runs one ipmitool command against the unit; returns its output, or throws with it. */
    private String run(PcuTarget target, String... command) {
        List<String> argv = new ArrayList<>(List.of(settings.ipmitool(), "-I", "lanplus", "-C",
                Integer.toString(settings.ipmiCipherSuite()), "-H", target.ip(), "-p", Integer.toString(settings.ipmiPort()),
                "-N", "2", "-R", "2", "-E"));
        target.username().ifPresent(user -> {
            argv.add("-U");
            argv.add(user);
        });
        argv.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("IPMI"));
        builder.environment().put("IPMI_PASSWORD", target.password().orElse(""));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot run " + settings.ipmitool() + " for " + target
                    + ": " + e.getMessage() + " (install ipmitool, or set reboot.ipmitool)", e);
        }
        // Read beside the wait, so that a unit that never answers cannot hold the call past the timeout.
        java.util.concurrent.CompletableFuture<String> output = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().start(() -> output.complete(read(process.getInputStream())));
        try {
            if (!process.waitFor(settings.pcuTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, target + " did not answer \"" + String.join(" ", command)
                        + "\" within " + settings.pcuTimeout().toSeconds() + " s");
            }
            String said = hidePassword(output.get(5, TimeUnit.SECONDS).strip(), target);
            if (process.exitValue() != 0) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, target + " refused \"" + String.join(" ", command)
                        + "\": " + (said.isEmpty() ? "ipmitool exited with " + process.exitValue() : said));
            }
            return said;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot read what ipmitool said about " + target, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while talking to " + target, e);
        }
    }

    private static String read(InputStream output) {
        try (output) {
            byte[] kept = output.readNBytes(MAX_OUTPUT);
            output.transferTo(java.io.OutputStream.nullOutputStream());
            return new String(kept, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    private static String hidePassword(String text, PcuTarget target) {
        return target.password().filter(password -> !password.isEmpty())
                .map(password -> text.replace(password, "(password)")).orElse(text);
    }
}
