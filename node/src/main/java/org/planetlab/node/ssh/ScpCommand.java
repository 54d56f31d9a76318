package org.planetlab.node.ssh;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.planetlab.node.sliver.ExecRequest;
import org.planetlab.node.sliver.SliverExec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the classic scp protocol ({@code scp -O}): {@code scp -t [-r] [-p] [-d] PATH}
 * receives files (and directories with -r) into the sliver, {@code scp -f [-p] PATH} sends one
 * file out of it. Files are written and read by {@code cat} run inside the sliver as its root, so
 * the sliver's own permissions and quota apply and nothing is touched on the host; any image with
 * a shell and cat works (busybox does).
 */
final class ScpCommand implements Command, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ScpCommand.class);
    private static final int MAX_LINE = 8192;

    private final SliverExec exec;
    private final boolean sink;
    private final boolean recursive;
    private final String path;
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;
    private String sliver;

    private ScpCommand(SliverExec exec, boolean sink, boolean recursive, String path) {
        this.exec = requireNonNull(exec, "exec is null");
        this.sink = sink;
        this.recursive = recursive;
        this.path = requireNonNull(path, "path is null");
    }

    /** What an scp server invocation asks: receive ({@code -t}) or send ({@code -f}), recursively or not, where. */
    record Request(boolean sink, boolean recursive, String path) {}

    /** The scp command a client asked for, or null if {@code words} is not one this understands. */
    static ScpCommand parse(SliverExec exec, List<String> words) {
        return read(words).map(request -> new ScpCommand(exec, request.sink(), request.recursive(), request.path())).orElse(null);
    }

    static java.util.Optional<Request> read(List<String> words) {
        if (words.isEmpty() || !words.getFirst().equals("scp")) {
            return java.util.Optional.empty();
        }
        Boolean sink = null;
        boolean recursive = false;
        String path = null;
        for (String word : words.subList(1, words.size())) {
            switch (word) {
                case "-t" -> sink = true;
                case "-f" -> sink = false;
                case "-r" -> recursive = true;
                case "-p", "-d", "-v", "--" -> {
                    // Times are not preserved; -d and -v change nothing here.
                }
                default -> {
                    if (word.startsWith("-") || path != null) {
                        return java.util.Optional.empty();
                    }
                    path = word;
                }
            }
        }
        return sink == null || path == null ? java.util.Optional.empty() : java.util.Optional.of(new Request(sink, recursive, path));
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
        // Errors travel in the scp protocol itself.
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment environment) {
        sliver = channel.getSession().getAttribute(SliceKeyAuthenticator.LOGIN).sliver();
        Thread.ofPlatform().name("scp-" + sliver).daemon().start(this);
    }

    @Override
    public void run() {
        int status = 0;
        try {
            if (sink) {
                receive();
            } else {
                send();
            }
        } catch (ScpRefusal e) {
            LOG.info("scp in {} refused: {}", sliver, e.getMessage());
            refuse(e.getMessage());
            status = 1;
        } catch (IOException e) {
            status = 1;
        }
        exit.onExit(status);
    }

    /** {@code scp -t}: files and directories coming in. */
    private void receive() throws IOException {
        boolean intoDirectory = sh("test -d \"$1\"", List.of(path), null, null) == 0;
        Deque<String> directories = new ArrayDeque<>();
        ack();
        while (true) {
            String line = readLine();
            if (line == null) {
                return;
            }
            char kind = line.isEmpty() ? '?' : line.charAt(0);
            switch (kind) {
                case 'C' -> {
                    String[] header = header(line);
                    long size = Long.parseLong(header[1]);
                    String target = directories.isEmpty() ? (intoDirectory ? path + "/" + header[2] : path)
                            : directories.peek() + "/" + header[2];
                    ack();
                    Limited body = new Limited(in, size);
                    int written = sh("cat > \"$1\" && chmod \"$2\" \"$1\"", List.of(target, header[0]), body, null);
                    body.drain();
                    expectAck();
                    if (written != 0) {
                        throw new ScpRefusal("cannot write " + target + " in the sliver");
                    }
                    ack();
                }
                case 'D' -> {
                    if (!recursive) {
                        throw new ScpRefusal("a directory needs scp -r");
                    }
                    String[] header = header(line);
                    String target = directories.isEmpty() ? (intoDirectory ? path + "/" + header[2] : path)
                            : directories.peek() + "/" + header[2];
                    if (sh("mkdir -p \"$1\" && chmod \"$2\" \"$1\"", List.of(target, header[0]), null, null) != 0) {
                        throw new ScpRefusal("cannot make directory " + target + " in the sliver");
                    }
                    directories.push(target);
                    ack();
                }
                case 'E' -> {
                    directories.poll();
                    ack();
                }
                case 'T' -> ack();
                default -> throw new ScpRefusal("unexpected scp message");
            }
        }
    }

    /** {@code scp -f}: one file going out. */
    private void send() throws IOException {
        if (recursive) {
            throw new ScpRefusal("copying directories out of a sliver is not supported; use tar over ssh");
        }
        ByteArrayOutputStream described = new ByteArrayOutputStream();
        if (sh("test -f \"$1\" && stat -c '%s %a' \"$1\"", List.of(path), null, described) != 0) {
            throw new ScpRefusal(path + ": no such regular file in the sliver");
        }
        String[] sizeAndMode = described.toString(StandardCharsets.UTF_8).strip().split(" ");
        expectAck();
        String name = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
        out.write(String.format("C%04o %s %s\n", Integer.parseInt(sizeAndMode[1], 8), sizeAndMode[0], name)
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        expectAck();
        if (sh("cat \"$1\"", List.of(path), null, out) != 0) {
            throw new ScpRefusal("cannot read " + path + " in the sliver");
        }
        ack();
        expectAck();
    }

    /** Runs a shell snippet in the sliver with {@code arguments} as $1.., feeding and collecting streams. */
    private int sh(String script, List<String> arguments, InputStream input, OutputStream output) throws IOException {
        List<String> words = new ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
        words.addAll(arguments);
        Process process = exec.start(sliver, new ExecRequest(words, 0, 0, "/root", Map.of("PATH", SliverCommand.PATH), false));
        Thread feeder = Thread.ofPlatform().name("scp-feed").daemon().start(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    input.transferTo(stdin);
                }
            } catch (IOException e) {
                // The command ended early; its status tells.
            }
        });
        try (InputStream stdout = process.getInputStream()) {
            if (output != null) {
                stdout.transferTo(output);
                output.flush();
            } else {
                stdout.transferTo(OutputStream.nullOutputStream());
            }
            process.getErrorStream().transferTo(OutputStream.nullOutputStream());
            feeder.join(TimeUnit.MINUTES.toMillis(10));
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return 1;
        }
    }

    private static String[] header(String line) throws ScpRefusal {
        String[] parts = line.substring(1).split(" ", 3);
        if (parts.length != 3 || !parts[0].matches("[0-7]{3,4}") || !parts[1].matches("[0-9]{1,18}")
                || parts[2].isEmpty() || parts[2].contains("/") || parts[2].equals("..") || parts[2].equals(".")) {
            throw new ScpRefusal("bad scp header");
        }
        return parts;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int next = in.read();
        if (next < 0) {
            return null;
        }
        while (next != '\n') {
            if (next < 0) {
                throw new EOFException("the client went away");
            }
            line.write(next);
            if (line.size() > MAX_LINE) {
                throw new ScpRefusal("scp message too long");
            }
            next = in.read();
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private void ack() throws IOException {
        out.write(0);
        out.flush();
    }

    private void expectAck() throws IOException {
        int answer = in.read();
        if (answer != 0) {
            throw new EOFException("the client did not acknowledge");
        }
    }

    private void refuse(String message) {
        try {
            out.write(("\u0001scp: " + message + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // The client is gone.
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        // The copy ends with the channel: its streams close and the commands in the sliver see end of input.
    }

    /** A refusal reported to the client in the protocol. */
    private static final class ScpRefusal extends IOException {
        ScpRefusal(String message) {
            super(message);
        }
    }

    /** At most {@code limit} bytes of a stream, without closing it. */
    private static final class Limited extends InputStream {
        private final InputStream source;
        private long remaining;

        Limited(InputStream source, long limit) {
            this.source = source;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        /** Skips what the command in the sliver did not take, to stay in step with the client. */
        void drain() throws IOException {
            transferTo(OutputStream.nullOutputStream());
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int count = source.read(buffer, offset, (int) Math.min(length, remaining));
            if (count < 0) {
                throw new EOFException("the client sent less than it announced");
            }
            remaining -= count;
            return count;
        }
    }
}
