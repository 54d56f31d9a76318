package org.planetlab.node.ssh;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.planetlab.api.error.IoCauses;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.sliver.ExecRequest;
import org.planetlab.node.sliver.SliverExec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shell or a command of an SSH session, run inside the login's sliver as its root. With a
 * terminal requested, the command gets a pseudo-terminal made on the host; without, its standard
 * streams are the channel's. The exit status is sent only after everything the command wrote has
 * been sent, so output of short commands is never lost.
 */
class SliverCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(SliverCommand.class);
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final SliverExec exec;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Process process;
    private Pty pty;

    /** @param command the command line, or null for a login shell */
    SliverCommand(SliverExec exec, String command) {
        this.exec = requireNonNull(exec, "exec is null");
        this.command = command;
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
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment environment) throws IOException {
        SliverLogins.Login login = channel.getSession().getAttribute(SliceKeyAuthenticator.LOGIN);
        boolean terminal = environment.getEnv().containsKey(Environment.ENV_TERM);
        try {
            ProcessBuilder builder = exec.builder(login.sliver(), request(environment.getEnv(), terminal));
            if (terminal) {
                pty = Pty.open();
                resize(environment);
                environment.addSignalListener((ignored, signal) -> resize(environment), Signal.WINCH);
                File slave = pty.slave().toFile();
                builder.redirectInput(slave).redirectOutput(slave).redirectError(slave);
            }
            process = builder.start();
        } catch (PlanetLabException | IOException e) {
            fail(e instanceof IOException io ? "cannot enter the sliver: " + IoCauses.describe(io) : e.getMessage());
            return;
        }
        LOG.debug("{} runs {} in {}", login.user(), command == null ? "a shell" : "a command", login.sliver());
        relay(login);
    }

    private ExecRequest request(Map<String, String> clientEnvironment, boolean terminal) {
        List<String> words = new ArrayList<>();
        if (command == null) {
            words.addAll(List.of("/bin/sh", "-l"));
        } else {
            words.addAll(List.of("/bin/sh", "-c", command));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", PATH);
        environment.put("HOME", "/root");
        environment.put("USER", "root");
        environment.put("LOGNAME", "root");
        environment.put("SHELL", "/bin/sh");
        String term = clientEnvironment.get(Environment.ENV_TERM);
        if (term != null && term.matches("[A-Za-z0-9._+-]{1,64}")) {
            environment.put("TERM", term);
        }
        return new ExecRequest(words, 0, 0, "/root", environment, terminal);
    }

    private void relay(SliverLogins.Login login) {
        List<Thread> outputs = new ArrayList<>();
        String name = "ssh-" + login.sliver();
        if (pty != null) {
            outputs.add(pump(name + "-tty-out", pty.output(), out, false));
            pump(name + "-tty-in", in, pty.input(), false);
        } else {
            outputs.add(pump(name + "-out", process.getInputStream(), out, false));
            outputs.add(pump(name + "-err", process.getErrorStream(), err, false));
            pump(name + "-in", in, process.getOutputStream(), true);
        }
        Thread.ofPlatform().name(name + "-wait").daemon().start(() -> finish(outputs));
    }

    private void finish(List<Thread> outputs) {
        int status;
        try {
            status = process.waitFor();
            if (pty != null) {
                // The terminal ends when the last process holding it does; a background process that
                // keeps it open must not keep the session open, so the wait is bounded.
                outputs.getFirst().join(2000);
                pty.close();
            } else {
                for (Thread output : outputs) {
                    output.join();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 255;
        }
        exit.onExit(status);
    }

    private static Thread pump(String name, InputStream from, OutputStream to, boolean closeWhenDone) {
        return Thread.ofPlatform().name(name).daemon().start(() -> {
            byte[] buffer = new byte[32 * 1024];
            try {
                int count;
                while ((count = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, count);
                    to.flush();
                }
            } catch (IOException e) {
                // The other end went away; the session is ending.
            } finally {
                if (closeWhenDone) {
                    try {
                        to.close();
                    } catch (IOException ignored) {
                        // Nothing more to send anyway.
                    }
                }
            }
        });
    }

    private void resize(Environment environment) {
        try {
            pty.resize(Integer.parseInt(environment.getEnv().getOrDefault(Environment.ENV_COLUMNS, "80")),
                    Integer.parseInt(environment.getEnv().getOrDefault(Environment.ENV_LINES, "24")));
        } catch (NumberFormatException e) {
            // A client that sends no usable size keeps the default.
        }
    }

    private void fail(String message) throws IOException {
        err.write((message + "\r\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
        exit.onExit(1, message);
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
        if (pty != null) {
            pty.close();
        }
    }
}
