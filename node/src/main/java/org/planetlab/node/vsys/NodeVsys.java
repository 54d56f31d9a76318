package org.planetlab.node.vsys;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.manager.NodeEvent;
import org.planetlab.node.manager.NodeManager;
import org.planetlab.node.net.ports.InboundPorts;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's privileged helper scripts (the original's vsys; docs/vsys.md): for every sliver,
 * one pair of FIFOs per helper its slice is granted, in the sliver's read-only
 * {@code /.planetlab/vsys} (also seen as {@code /vsys}), and a thread serving each. The FIFOs
 * live in the sliver's own directory, so the slice that calls is the one whose directory the
 * request came through, never what the request says.
 *
 * <p>Bounded: a request is one line of at most {@code vsys-request-bytes}; an answer at most
 * {@code vsys-output-bytes}, within {@code vsys-seconds}; at most {@code vsys-runs-per-slice}
 * helpers of one slice, and {@code vsys-runs-per-node} in all, run at once, and a request beyond
 * that is answered "busy" at once. A slice that floods its endpoint fills its own pipe and
 * occupies its own endpoint's thread; the others are served by theirs.
 *
 * <p>{@link #sync} makes the endpoints match the VMs and grants; it is called at start and from
 * time to time (for scripts and ACL files the operator changed); {@link #update} does it for one
 * VM at each of its changes. The
 * FIFOs are files of the sliver's directory, so they survive agent restarts and go with the
 * sliver.
 */
public final class NodeVsys implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeVsys.class);
    private static final String IN = ".in";
    private static final String OUT = ".out";
    /** Every this many rescans, every VM's endpoints are brought in line whatever changed. */
    static final int FULL_SYNC_EVERY = 10;

    private final VsysSettings settings;
    private final Function<String, Path> endpointDirectory;
    private final Map<String, VsysHelper> builtIns;
    private final Map<String, Map<String, VsysEndpoint>> endpoints = new HashMap<>();
    /** The helpers each sliver may call now: read by the endpoints' threads without the lock. */
    private final Map<String, Set<String>> callable = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> sliceRuns = new ConcurrentHashMap<>();
    private final Semaphore nodeRuns;
    private volatile VsysScripts scripts;
    private boolean closed;

    /**
     * @param endpointDirectory the host directory a sliver sees as {@code /.planetlab/vsys}, by sliver name;
     *     its parent exists once the sliver has been created
     * @param builtIns the helpers built into the agent, by name
     */
    public NodeVsys(VsysSettings settings, Function<String, Path> endpointDirectory, Map<String, VsysHelper> builtIns) {
        this.settings = requireNonNull(settings, "settings is null");
        this.endpointDirectory = requireNonNull(endpointDirectory, "endpointDirectory is null");
        this.builtIns = Map.copyOf(requireNonNull(builtIns, "builtIns is null"));
        this.nodeRuns = new Semaphore(settings.runsPerNode());
        this.scripts = VsysScripts.read(settings.scriptsDirectory(), this.builtIns);
    }

    /**
     * Makes every VM's endpoints match what its slice is granted now (scripts and ACL files read
     * again); VMs not listed lose theirs.
     */
    public synchronized void sync(Collection<VmRecord> vms) {
        if (closed) {
            return;
        }
        scripts = VsysScripts.read(settings.scriptsDirectory(), builtIns);
        Set<String> present = new HashSet<>();
        for (VmRecord vm : vms) {
            if (vm.phase() == VmPhase.DESTROYING) {
                continue;
            }
            present.add(vm.name());
            try {
                syncVm(vm);
            } catch (RuntimeException e) {
                LOG.warn("vsys endpoints of {} not made: {}", vm.name(), e.getMessage());
            }
        }
        for (String gone : List.copyOf(endpoints.keySet())) {
            if (!present.contains(gone)) {
                forget(gone);
            }
        }
    }

    /**
     * Reads the scripts and ACL files again and, only if the operator changed what is offered or
     * granted, brings every VM's endpoints in line ({@link #sync}). A sliver's own changes come
     * through {@link #update} and {@link #forget} as they happen, so with the scripts unchanged a
     * rescan looks at no VM: with 1,000 slivers a full pass took ~70 ms every 30 s.
     *
     * @param vms the VMs now, asked for only when the scripts changed
     * @return whether the endpoints were synced
     */
    public boolean rescan(Supplier<Collection<VmRecord>> vms) {
        VsysScripts now = VsysScripts.read(settings.scriptsDirectory(), builtIns);
        synchronized (this) {
            if (closed || now.sameAs(scripts)) {
                return false;
            }
        }
        sync(vms.get());
        return true;
    }

    /**
     * Makes one VM's endpoints match what its slice is granted, with the scripts as last read: a
     * sliver's change costs nothing for the others, however many there are.
     */
    public synchronized void update(VmRecord vm) {
        if (closed || vm.phase() == VmPhase.DESTROYING) {
            return;
        }
        syncVm(vm);
    }

    /** Closes a sliver's endpoints; their files go with the sliver's directory. */
    public synchronized void forget(String sliver) {
        Map<String, VsysEndpoint> open = endpoints.remove(sliver);
        if (open != null) {
            open.values().forEach(VsysEndpoint::close);
        }
        callable.remove(sliver);
        sliceRuns.remove(sliver);
    }

    /** The helpers open for a sliver now, by name. */
    public Set<String> open(String sliver) {
        return callable.getOrDefault(sliver, Set.of());
    }

    private void syncVm(VmRecord vm) {
        Path directory = endpointDirectory.apply(vm.name());
        Set<String> granted = scripts.granted(vm);
        Map<String, VsysEndpoint> open = endpoints.computeIfAbsent(vm.name(), name -> new HashMap<>());
        callable.put(vm.name(), Set.copyOf(granted));
        for (String script : List.copyOf(open.keySet())) {
            if (!granted.contains(script)) {
                open.remove(script).close();
            }
        }
        if (granted.isEmpty() && !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(directory.getParent())) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            removeUngranted(directory, granted);
            for (String script : granted) {
                if (!open.containsKey(script)) {
                    makeFifo(directory.resolve(script + IN), "rw--w--w-");
                    makeFifo(directory.resolve(script + OUT), "rw-r--r--");
                    open.put(script, VsysEndpoint.open(vm.name(), script, directory, settings.requestBytes(), settings.runTime(),
                            this::answer));
                    LOG.info("vsys {} open for {}", script, vm.name());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the vsys endpoints in " + directory, e);
        }
    }

    /** Removes every file of the endpoint directory that is not a FIFO of a granted helper. */
    private static void removeUngranted(Path directory, Set<String> granted) throws IOException {
        try (var entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                String script = name.endsWith(IN) ? name.substring(0, name.length() - IN.length())
                        : name.endsWith(OUT) ? name.substring(0, name.length() - OUT.length()) : "";
                if (!granted.contains(script) || !isFifo(entry)) {
                    Files.delete(entry);
                }
            }
        }
    }

    private static void makeFifo(Path fifo, String permissions) throws IOException {
        if (isFifo(fifo)) {
            Files.setPosixFilePermissions(fifo, PosixFilePermissions.fromString(permissions));
            return;
        }
        Files.deleteIfExists(fifo);
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", "--", fifo.toString()).redirectErrorStream(true).start();
            byte[] output = mkfifo.getInputStream().readAllBytes();
            if (mkfifo.waitFor() != 0) {
                throw new IOException("mkfifo " + fifo + ": " + new String(output).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted making " + fifo, e);
        }
        Files.setPosixFilePermissions(fifo, PosixFilePermissions.fromString(permissions));
    }

    private static boolean isFifo(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs one request within the limits; the grant is checked again as the helper starts. */
    private byte[] answer(String slice, String script, String request) {
        VsysHelper helper = scripts.helper(script);
        if (helper == null || !callable.getOrDefault(slice, Set.of()).contains(script)) {
            throw new PlanetLabException(ErrorCode.PERMISSION_DENIED, "slice " + slice + " may not call " + script + " on this node");
        }
        Semaphore mine = sliceRuns.computeIfAbsent(slice, name -> new Semaphore(settings.runsPerSlice()));
        if (!mine.tryAcquire()) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "busy: slice " + slice + " already runs " + settings.runsPerSlice()
                    + " helpers; try again once one has answered");
        }
        try {
            if (!nodeRuns.tryAcquire()) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "busy: this node already runs " + settings.runsPerNode()
                        + " helpers; try again later");
            }
            try {
                byte[] answer = helper.run(slice, request, settings.outputBytes(), settings.runTime());
                return answer.length > settings.outputBytes() ? Arrays.copyOf(answer, settings.outputBytes()) : answer;
            } finally {
                nodeRuns.release();
            }
        } finally {
            mine.release();
        }
    }

    /**
     * The helpers built into the agent: {@code usage}, {@code pcap} and {@code port}.
     *
     * @param ports the node's port table, empty where the network takes no inbound connections
     */
    public static Map<String, VsysHelper> builtIns(Function<String, SliverUsage> usage, Function<String, Optional<String>> hostDevice,
            HostCommand nodeCommand, Supplier<Optional<InboundPorts>> ports) {
        return Map.of(UsageHelper.NAME, new UsageHelper(usage), CaptureHelper.NAME, new CaptureHelper(hostDevice, nodeCommand),
                PortHelper.NAME, new PortHelper(ports));
    }

    /**
     * Keeps the endpoints in step with the node manager: now, at every change of a sliver, and
     * every {@code rescan} for scripts and ACL files the operator changed. Every
     * {@link #FULL_SYNC_EVERY}th rescan, and the first one after a sliver's change could not be
     * applied, brings every VM in line whatever changed, so an endpoint a failure left behind is
     * repaired within minutes.
     *
     * @return stops following
     */
    public AutoCloseable follow(NodeManager manager, ScheduledExecutorService scheduler, Duration rescan) {
        Rescans rescans = new Rescans();
        AutoCloseable subscription = manager.subscribe(event -> {
            try {
                switch (event) {
                    case NodeEvent.SliverDestroying destroying -> forget(destroying.vm().name());
                    case NodeEvent.SliverCreated created -> update(created.vm());
                    case NodeEvent.SliverStarted started -> update(started.vm());
                    case NodeEvent.SliverChanged changed -> update(changed.vm());
                    default -> { }
                }
            } catch (RuntimeException e) {
                rescans.repairNext();
                LOG.warn("vsys endpoints not brought up to date after {}: {}", event.getClass().getSimpleName(), e.getMessage());
            }
        });
        sync(manager.recordedVms());
        ScheduledFuture<?> rescanning = scheduler.scheduleWithFixedDelay(() -> {
            try {
                rescans.run(manager::recordedVms);
            } catch (RuntimeException e) {
                LOG.warn("vsys rescan failed: {}", e.getMessage());
            }
        }, rescan.toMillis(), rescan.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            rescanning.cancel(false);
            subscription.close();
        };
    }

    /**
     * The periodic rescans of one {@link #follow}: most only look for changed scripts and ACL
     * files ({@link #rescan}); every {@link #FULL_SYNC_EVERY}th, and the first after a change or
     * rescan failed, brings every VM's endpoints in line ({@link #sync}).
     */
    final class Rescans {
        private final AtomicBoolean repairDue = new AtomicBoolean();
        private final AtomicLong count = new AtomicLong();

        /** Makes the next rescan a full one: a sliver's change could not be applied. */
        void repairNext() {
            repairDue.set(true);
        }

        /**
         * One rescan.
         *
         * @return whether every VM's endpoints were synced
         */
        boolean run(Supplier<Collection<VmRecord>> vms) {
            boolean full = repairDue.getAndSet(false) | count.incrementAndGet() % FULL_SYNC_EVERY == 0;
            try {
                if (full) {
                    sync(vms.get());
                    return true;
                }
                return rescan(vms);
            } catch (RuntimeException e) {
                repairDue.set(true);
                throw e;
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        endpoints.values().forEach(open -> open.values().forEach(VsysEndpoint::close));
        endpoints.clear();
    }
}
