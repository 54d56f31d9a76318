package org.planetlab.node.ssh;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A pseudo-terminal made on the host for one SSH session (the sliver's image needs no terminal
 * program): the agent keeps the master side and relays it to the SSH channel; the command in the
 * sliver gets the slave side as its standard streams and makes it its controlling terminal. The
 * client's window size is passed on with TIOCSWINSZ, so programs in the sliver get SIGWINCH.
 */
@SuppressWarnings("restricted")
final class Pty implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0x100;
    private static final int O_CLOEXEC = 0x80000;
    private static final long TIOCSWINSZ = 0x5414;
    private static final int EINTR = 4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle POSIX_OPENPT = function("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GRANTPT = function("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle UNLOCKPT = function("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PTSNAME_R = function("ptsname_r", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle READ = function("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = function("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle IOCTL = function("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final int master;
    private final Path slave;
    private volatile boolean closed;

    private Pty(int master, Path slave) {
        this.master = master;
        this.slave = slave;
    }

    static Pty open() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int master = (int) POSIX_OPENPT.invokeExact(state, O_RDWR | O_NOCTTY | O_CLOEXEC);
            check(master, state, "open a pseudo-terminal");
            try {
                check((int) GRANTPT.invokeExact(state, master), state, "grant the pseudo-terminal");
                check((int) UNLOCKPT.invokeExact(state, master), state, "unlock the pseudo-terminal");
                MemorySegment name = arena.allocate(128);
                int named = (int) PTSNAME_R.invokeExact(state, master, name, 128L);
                if (named != 0) {
                    throw failure("name the pseudo-terminal", named);
                }
                return new Pty(master, Path.of(name.getString(0)));
            } catch (RuntimeException e) {
                int ignored = (int) CLOSE.invokeExact(state, master);
                throw e;
            }
        } catch (PlanetLabException e) {
            throw e;
        } catch (Throwable e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot open a pseudo-terminal: " + e, e);
        }
    }

    /** The slave side, for the command's standard streams. */
    Path slave() {
        return slave;
    }

    void resize(int columns, int rows) {
        if (closed || columns <= 0 || rows <= 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment size = arena.allocate(8);
            size.set(JAVA_SHORT, 0, (short) Math.min(rows, 0xffff));
            size.set(JAVA_SHORT, 2, (short) Math.min(columns, 0xffff));
            int ignored = (int) IOCTL.invokeExact(state, master, TIOCSWINSZ, size);
        } catch (Throwable e) {
            // A window size that does not reach the terminal leaves the old one: not worth failing a session for.
        }
    }

    /** What the command writes to its terminal; ends when every slave descriptor is closed. */
    InputStream output() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return transfer(READ, buffer, offset, length, true);
            }
        };
    }

    /** What the user types. */
    OutputStream input() {
        return new OutputStream() {
            @Override
            public void write(int value) throws IOException {
                write(new byte[] {(byte) value}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                while (length > 0) {
                    int written = transfer(WRITE, buffer, offset, length, false);
                    offset += written;
                    length -= written;
                }
            }
        };
    }

    private int transfer(MethodHandle call, byte[] buffer, int offset, int length, boolean reading) throws IOException {
        if (closed) {
            return reading ? -1 : failIo("the terminal is closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment bytes = arena.allocate(Math.max(1, length));
            if (!reading) {
                MemorySegment.copy(buffer, offset, bytes, JAVA_BYTE, 0, length);
            }
            while (true) {
                long count = (long) call.invokeExact(state, master, bytes, (long) length);
                if (count < 0 && (int) ERRNO.get(state, 0L) == EINTR) {
                    continue;
                }
                if (count < 0) {
                    // EIO on the master: the last process holding the terminal is gone.
                    return reading ? -1 : failIo("the terminal is closed");
                }
                if (reading) {
                    if (count == 0) {
                        return -1;
                    }
                    MemorySegment.copy(bytes, JAVA_BYTE, 0, buffer, offset, (int) count);
                }
                return (int) count;
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    private static int failIo(String message) throws IOException {
        throw new IOException(message);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), master);
        } catch (Throwable e) {
            // Closing is best effort.
        }
    }

    private static final java.lang.foreign.ValueLayout.OfByte JAVA_BYTE = java.lang.foreign.ValueLayout.JAVA_BYTE;

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, Linker.Option.captureCallState("errno"));
    }

    private static void check(int result, MemorySegment state, String what) {
        if (result < 0) {
            throw failure(what, (int) ERRNO.get(state, 0L));
        }
    }

    private static PlanetLabException failure(String what, int errno) {
        return new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot " + what + " (errno " + errno + ")");
    }
}
