package org.planetlab.node.host;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads for a node's background work (timers, reports, scans, rebuilding spare network slots),
 * which run at the lowest scheduling priority, nice 19, so that work a user waits for (a create,
 * a login) gets the cores first when both want them. Linux gives each thread a nice value of its
 * own ({@code setpriority(PRIO_PROCESS, gettid(), 19)}, called through the JDK's foreign function
 * API); lowering it needs no privilege.
 *
 * <p>A process such a thread starts inherits its nice value, so these threads must not start
 * anything that outlives the work: a sliver's processes, a service, a new agent.
 *
 * <p>Where the call fails (no such function in the C library, a seccomp filter), the thread runs
 * at the normal priority and a warning says so once.
 */
@SuppressWarnings("restricted")
public final class LowPriority {
    /** The nice value of background threads: the lowest priority Linux has for ordinary threads. */
    public static final int NICE = 19;
    private static final Logger LOG = LoggerFactory.getLogger(LowPriority.class);
    private static final int PRIO_PROCESS = 0;
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle GETTID = handle("gettid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SETPRIORITY = handle("setpriority", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private LowPriority() {}

    /**
     * Platform daemon threads named {@code name}, each of which lowers its own priority to
     * {@link #NICE} before it runs its task.
     */
    public static ThreadFactory threads(String name) {
        ThreadFactory platform = Thread.ofPlatform().name(name).daemon().factory();
        return task -> platform.newThread(() -> {
            lowerCurrentThread();
            task.run();
        });
    }

    /** Lowers the calling thread's priority to {@link #NICE}; false (and a warning, once) if it cannot. */
    public static boolean lowerCurrentThread() {
        String failure;
        if (GETTID == null || SETPRIORITY == null) {
            failure = "the C library has no gettid or setpriority";
        } else {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(CALL_STATE);
                int tid = (int) GETTID.invokeExact();
                if ((int) SETPRIORITY.invokeExact(state, PRIO_PROCESS, tid, NICE) == 0) {
                    return true;
                }
                failure = "setpriority failed with errno " + (int) ERRNO.get(state, 0L);
            } catch (Throwable e) {
                failure = e.toString();
            }
        }
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("background threads run at the normal priority: {}", failure);
        }
        return false;
    }

    private static MethodHandle handle(String function, FunctionDescriptor descriptor) {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find(function)
                .map(address -> function.equals("setpriority")
                        ? linker.downcallHandle(address, descriptor, Linker.Option.captureCallState("errno"))
                        : linker.downcallHandle(address, descriptor))
                .orElse(null);
    }
}
