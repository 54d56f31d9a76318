package org.planetlab.node.vsys;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One script's pair of FIFOs in one sliver, as the original vsys had them: the sliver writes a
 * request line into {@code <script>.in} and reads the answer from {@code <script>.out}, e.g.
 * {@code echo 100 5 > /vsys/pcap.in; cat /vsys/pcap.out > own.pcap}. One thread serves it,
 * one request at a time.
 *
 * <p>The agent holds {@code .in} open for reading and writing, so opening it never waits and a
 * writer closing it ends nothing: a request is one line, read byte by byte up to the limit. A
 * line that is too long, holds a NUL or other control character, or is not UTF-8 is answered
 * with an error and never reaches the helper. The answer waits for a reader of {@code .out} for
 * the run time at most, then is dropped.
 */
final class VsysEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VsysEndpoint.class);

    /** Runs one checked request for this endpoint's slice and script; returns the answer. */
    interface Dispatcher {
        byte[] answer(String slice, String script, String request);
    }

    private final String slice;
    private final String script;
    private final Path in;
    private final Path out;
    private final int requestBytes;
    private final Duration answerWait;
    private final Dispatcher dispatcher;
    private final FileChannel requests;
    /** A second write end of {@code .in}: a channel serializes its reads and writes, so the reader cannot be woken through its own. */
    private final FileChannel waker;
    private final Thread thread;
    private volatile boolean closed;

    private VsysEndpoint(String slice, String script, Path directory, int requestBytes, Duration answerWait, Dispatcher dispatcher)
            throws IOException {
        this.slice = requireNonNull(slice, "slice is null");
        this.script = requireNonNull(script, "script is null");
        this.in = directory.resolve(script + ".in");
        this.out = directory.resolve(script + ".out");
        this.requestBytes = requestBytes;
        this.answerWait = requireNonNull(answerWait, "answerWait is null");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        // Read and write: opening a FIFO so never waits for a writer, and the agent can wake its own reader.
        this.requests = FileChannel.open(in, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        this.waker = FileChannel.open(in, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        this.thread = Thread.ofPlatform().name("vsys-" + slice + "-" + script).daemon().unstarted(this::serve);
    }

    /** Opens the endpoint's FIFOs (made by the caller) and starts serving them. */
    static VsysEndpoint open(String slice, String script, Path directory, int requestBytes, Duration answerWait, Dispatcher dispatcher)
            throws IOException {
        VsysEndpoint endpoint = new VsysEndpoint(slice, script, directory, requestBytes, answerWait, dispatcher);
        endpoint.thread.start();
        return endpoint;
    }

    String script() {
        return script;
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean overlong = false;
        try {
            while (!closed) {
                buffer.clear();
                if (requests.read(buffer) <= 0) {
                    continue;
                }
                buffer.flip();
                while (buffer.hasRemaining() && !closed) {
                    byte next = buffer.get();
                    if (next != '\n') {
                        if (line.size() < requestBytes) {
                            line.write(next);
                        } else {
                            overlong = true;
                        }
                        continue;
                    }
                    byte[] answer = overlong ? error("request longer than " + requestBytes + " bytes; nothing was run")
                            : handle(line.toByteArray());
                    line.reset();
                    overlong = false;
                    deliver(answer);
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("vsys endpoint {} of {} stopped: {}", script, slice, e.getMessage());
            }
        }
    }

    private byte[] handle(byte[] request) {
        String text = new String(request, StandardCharsets.UTF_8);
        if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), request)) {
            return error("the request is not UTF-8 text; nothing was run");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return error("the request holds a control character (code " + (int) c + "); nothing was run");
            }
        }
        try {
            return dispatcher.answer(slice, script, text);
        } catch (PlanetLabException e) {
            return error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("vsys {} for {} failed", script, slice, e);
            return error(script + " failed on the node; its operator can find why in the agent's log");
        }
    }

    static byte[] error(String message) {
        return ("vsys: error: " + message + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the answer to {@code .out} once a reader has opened it. Opening a FIFO for writing
     * waits for a reader; if none comes in time, the agent opens it for reading itself, which
     * lets the waiting open return, and drops the answer.
     */
    private void deliver(byte[] answer) {
        CompletableFuture<FileChannel> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return FileChannel.open(out, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> Thread.ofPlatform().name("vsys-answer-" + slice).daemon().start(runnable));
        FileChannel answers;
        try {
            answers = opening.get(answerWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            unblock(opening);
            return;
        } catch (ExecutionException e) {
            LOG.warn("vsys {} of {}: cannot open {}: {}", script, slice, out.getFileName(), e.getCause().getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Thread watchdog = Thread.ofVirtual().name("vsys-answer-watchdog").start(() -> {
            try {
                Thread.sleep(answerWait);
                answers.close();
            } catch (InterruptedException | IOException e) {
                // The answer went out in time, or the channel is closed already.
            }
        });
        try (answers) {
            ByteBuffer buffer = ByteBuffer.wrap(answer);
            while (buffer.hasRemaining() && !closed) {
                answers.write(buffer);
            }
        } catch (IOException e) {
            // The reader went away or was too slow: the rest of the answer is dropped.
        } finally {
            watchdog.interrupt();
        }
    }

    /** Lets an open of {@code .out} for writing that waits for a reader return, and closes what it opened. */
    private void unblock(CompletableFuture<FileChannel> opening) {
        try (FileChannel reader = FileChannel.open(out, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            opening.get(5, TimeUnit.SECONDS).close();
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.debug("vsys {} of {}: no reader of {}: {}", script, slice, out.getFileName(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops serving: wakes the thread with a newline of the agent's own, then closes the FIFO. */
    @Override
    public void close() {
        closed = true;
        try (waker) {
            waker.write(ByteBuffer.wrap(new byte[] {'\n'}));
        } catch (IOException e) {
            // Closed already.
        }
        try {
            thread.join(Duration.ofSeconds(5));
            requests.close();
        } catch (IOException e) {
            LOG.debug("vsys {} of {}: closing: {}", script, slice, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
