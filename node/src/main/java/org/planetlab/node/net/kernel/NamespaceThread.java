package org.planetlab.node.net.kernel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Runs a piece of work on a fresh platform thread that first enters a network namespace
 * ({@code setns}), through the JDK's foreign function API. A thread's network namespace decides
 * where the sockets it opens live and which {@code /proc/sys/net} it sees; the thread ends with
 * the work, so no thread of the agent (nor a carrier of virtual threads) is ever left in
 * another namespace.
 */
@SuppressWarnings("restricted")
public final class NamespaceThread {
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle SETNS = LINKER.downcallHandle(LINKER.defaultLookup().find("setns").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), Linker.Option.captureCallState("errno"));

    private NamespaceThread() {}

    /**
     * Runs {@code work} in the network namespace at {@code namespace} (this process's own when
     * {@code null}) and returns its result; its exceptions are rethrown here.
     */
    static <T> T call(Path namespace, String description, Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("namespace-" + description).start(() -> {
            try {
                if (namespace != null) {
                    enter(namespace);
                }
                result.set(work.get());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while " + description, e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** Runs {@code work} in each of the namespaces in turn, on one fresh thread. */
    public static void runInEach(List<Path> namespaces, String description, Consumer<Path> work) {
        call(null, description, () -> {
            for (Path namespace : namespaces) {
                enter(namespace);
                work.accept(namespace);
            }
            return null;
        });
    }

    /** Opens a namespace file; the descriptor is this process's until {@link #closeDescriptor}. */
    public static int openDescriptor(Path namespace) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int descriptor = (int) OPEN.invokeExact(state, arena.allocateFrom(namespace.toString()), O_CLOEXEC);
            if (descriptor < 0) {
                throw failure("open " + namespace, state);
            }
            return descriptor;
        } catch (PlanetLabException e) {
            throw e;
        } catch (Throwable e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot open " + namespace + ": " + e, e);
        }
    }

    public static void closeDescriptor(int descriptor) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), descriptor);
        } catch (Throwable e) {
            // Closing a descriptor we own cannot fail in a way worth reporting.
        }
    }

    private static void enter(Path namespace) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int descriptor = (int) OPEN.invokeExact(state, arena.allocateFrom(namespace.toString()), O_CLOEXEC);
            if (descriptor < 0) {
                throw failure("open " + namespace, state);
            }
            int entered = (int) SETNS.invokeExact(state, descriptor, CLONE_NEWNET);
            PlanetLabException error = entered < 0 ? failure("enter network namespace " + namespace, state) : null;
            int ignored = (int) CLOSE.invokeExact(state, descriptor);
            if (error != null) {
                throw error;
            }
        } catch (PlanetLabException e) {
            throw e;
        } catch (Throwable e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot enter " + namespace + ": " + e, e);
        }
    }

    private static PlanetLabException failure(String what, MemorySegment state) {
        return new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot " + what + ": errno " + (int) ERRNO.get(state, 0L));
    }
}
