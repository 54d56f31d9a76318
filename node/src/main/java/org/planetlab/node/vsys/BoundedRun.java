package org.planetlab.node.vsys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Runs a helper process with bounds: its input is given whole, its output read up to a limit
 * (the process is killed once it writes past it) and its time limited (a watchdog kills it, with
 * its children, at the deadline, so a read that blocks returns).
 */
final class BoundedRun {
    private BoundedRun() {}

    /**
     * @return the process's standard output, cut at {@code outputBytes}
     * @throws PlanetLabException {@code UNAVAILABLE} if it ran out of time before answering in full
     */
    static byte[] run(ProcessBuilder builder, byte[] input, int outputBytes, Duration runTime, String name) {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot run " + name + ": " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        Thread watchdog = Thread.ofVirtual().name("vsys-watchdog").start(() -> {
            try {
                if (!process.waitFor(runTime.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            feed(process, input);
            byte[] output = read(process, outputBytes);
            boolean cut = output.length >= outputBytes;
            boolean ended = process.waitFor(Math.max(1, runTime.toMillis()), TimeUnit.MILLISECONDS);
            if (!cut && (!ended || System.nanoTime() - started >= runTime.toNanos())) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, name + " ran longer than " + runTime.toMillis()
                        + " ms and was stopped");
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the node agent is stopping");
        } finally {
            watchdog.interrupt();
            kill(process);
        }
    }

    private static void feed(Process process, byte[] input) {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        } catch (IOException e) {
            // The helper did not read its input; its answer still counts.
        }
    }

    private static byte[] read(Process process, int outputBytes) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream stdout = process.getInputStream()) {
            int read;
            while ((read = stdout.read(buffer)) > 0) {
                int room = outputBytes - output.size();
                output.write(buffer, 0, Math.min(room, read));
                if (read >= room) {
                    kill(process);
                    break;
                }
            }
        } catch (IOException e) {
            // Killed while writing: what was read is the answer.
        }
        return output.toByteArray();
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
