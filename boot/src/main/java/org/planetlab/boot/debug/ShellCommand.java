package org.planetlab.boot.debug;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A command (or, without one, a shell) of the debug SSH service, run by {@code /bin/sh} on the
 * node itself. Its output is copied to the channel in full before the exit status is sent, so
 * that short commands lose nothing.
 */
final class ShellCommand implements Command {
    private final List<String> argv;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Process process;

    /** @param command the command line, or null for an interactive shell */
    ShellCommand(String command) {
        this.argv = command == null ? List.of("/bin/sh", "-i") : List.of("/bin/sh", "-c", command);
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment environment) throws IOException {
        process = new ProcessBuilder(argv).start();
        Thread input = Thread.ofVirtual().name("debug-ssh-stdin").start(() -> copy(in, process.getOutputStream(), true));
        Thread output = Thread.ofVirtual().name("debug-ssh-stdout").start(() -> copy(process.getInputStream(), out, false));
        Thread errors = Thread.ofVirtual().name("debug-ssh-stderr").start(() -> copy(process.getErrorStream(), err, false));
        Thread.ofVirtual().name("debug-ssh-wait").start(() -> {
            try {
                int status = process.waitFor();
                output.join();
                errors.join();
                input.interrupt();
                exit.onExit(status);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit.onExit(255, "interrupted");
            }
        });
    }

    private static void copy(InputStream from, OutputStream to, boolean closeAfter) {
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = from.read(buffer)) >= 0) {
                to.write(buffer, 0, read);
                to.flush();
            }
        } catch (IOException e) {
            // The channel or the process went away; the exit status says what happened.
        } finally {
            if (closeAfter) {
                try {
                    to.close();
                } catch (IOException e) {
                    // Nothing left to tell the process.
                }
            }
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
