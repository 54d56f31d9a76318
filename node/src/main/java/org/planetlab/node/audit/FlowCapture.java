package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.kernel.NodeSockets;
import org.planetlab.node.net.filtering.FilterTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every flow of the node's slivers (docs/auditing.md, "On the node"). Connections are
 * stamped with their sliver's mark by {@link AuditTable}; the kernel counts each one's packets
 * and bytes ({@code nf_conntrack_acct}). A connection's record is written when it ends (its
 * DESTROY event, read over netlink by {@link ConnectionEnds}, which the kernel delivers again
 * when it could not be queued, or from {@code conntrack -E} where no socket can be had in the
 * node's namespace) and, for long ones, at every active timeout: then a cut lists the connections
 * (zeroing nothing) and reads and zeroes each sliver connection that counted packets with a request
 * of its own, whose answer holds exactly the counters it zeroed (where no netlink socket can be had,
 * {@code conntrack -L -z} does both for every connection in one step). The kernel's counters
 * therefore always hold exactly what no record holds yet, so an agent killed and restarted loses
 * nothing the kernel still has and records nothing twice. Packets the node's
 * filters drop are logged by the drop rules to nflog and read with {@code tcpdump}.
 */
public final class FlowCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlowCapture.class);
    private static final Duration STARTUP = Duration.ofSeconds(15);

    private final AuditSettings settings;
    private final HostCommand node;
    private final FlowStore store;
    private final Clock clock;
    private final SliverMarks marks;
    private final AuditTable table;
    private final FlowRecords records;
    private final DroppedFlows dropped = new DroppedFlows();
    private final NodeDevices devices;
    private final Map<String, SliverMark> attached = new LinkedHashMap<>();
    /** Per connection id: when the part of it no record holds yet began. */
    private final Map<Long, Long> periodStarts = new HashMap<>();
    private final AtomicLong written = new AtomicLong();
    /** Unmarked connections of slivers already warned about, oldest first. */
    private final Set<Long> warnedUnmarked = new LinkedHashSet<>();
    private final LastCut lastCut;
    private long lastCutMillis;
    private ScheduledExecutorService scheduler;
    private volatile Process events;
    private volatile ConnectionEnds ends;
    /** Reads and zeroes the kernel's counters for the cuts. */
    private final ConntrackCut conntrack;
    private final Object cutting = new Object();
    private NodeSockets sockets;
    private volatile Process drops;
    private volatile boolean closed;

    public FlowCapture(AuditSettings settings, HostCommand node, FlowStore store, Clock clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.node = requireNonNull(node, "node is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.devices = new NodeDevices(node, clock);
        this.marks = SliverMarks.open(settings.directory().resolve("marks"));
        this.table = new AuditTable(node, settings.tableName(), settings.devicePrefix());
        this.records = new FlowRecords(settings.nodeId(), settings.publicAddress());
        this.conntrack = new ConntrackCut(node, marks);
        this.lastCut = new LastCut(settings.directory().resolve("last-cut"));
        this.lastCutMillis = lastCut.read();
    }

    /**
     * Turns counting on, installs the table with the marks of {@code slivers} (the slivers attached
     * now) and starts reading the kernel's events and drops; returns once both readers listen.
     */
    public synchronized void start(Map<String, Integer> sliceIds, List<SliverNetworkHandle> slivers) {
        node.run(List.of("sysctl", "-q", "-w", "net.netfilter.nf_conntrack_acct=1", "net.netfilter.nf_conntrack_timestamp=1"));
        for (SliverNetworkHandle handle : slivers) {
            Integer sliceId = sliceIds.get(handle.sliverName());
            if (sliceId != null) {
                attached.put(handle.sliverName(), markOf(handle, sliceId));
            }
        }
        table.install(attached.values());
        boolean socketsThere = sockets != null && sockets.toolsRunThere();
        ends = socketsThere ? ConnectionEnds.start(sockets, this::writeEnded) : null;
        conntrack.use(socketsThere ? sockets : null);
        if (ends == null) {
            events = startEvents();
        }
        killStaleDropReaders();
        drops = startDrops();
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("flow-capture").daemon().factory());
        long cut = settings.activeTimeout().toMillis();
        scheduler.scheduleWithFixedDelay(this::cutQuietly, cut, cut, TimeUnit.MILLISECONDS);
        long flush = settings.dropFlushInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::flushDropsQuietly, flush, flush, TimeUnit.MILLISECONDS);
        LOG.info("flow capture started: {} slivers marked, store {}", attached.size(), settings.directory());
    }

    /** Stamps the sliver's connections from now on; call once its network is attached. */
    public synchronized void sliverAttached(SliverNetworkHandle handle, int sliceId) {
        SliverMark mark = markOf(handle, sliceId);
        SliverMark previous = attached.get(handle.sliverName());
        if (mark.equals(previous)) {
            return;
        }
        // The kernel's map holds one mark per device: whoever held this device before is replaced.
        Optional<SliverMark> onDevice = attached.values().stream().filter(held -> held.device().equals(mark.device())).findFirst();
        onDevice.ifPresent(held -> attached.remove(held.sliverName()));
        if (previous != null && !previous.device().equals(mark.device())) {
            attached.remove(handle.sliverName());
            table.take(previous, attached.values());
        }
        attached.put(handle.sliverName(), mark);
        table.put(mark, onDevice, attached.values());
    }

    /** Stops stamping the sliver's connections; its mark keeps naming it in records. */
    public synchronized void sliverDetached(String sliverName) {
        SliverMark removed = attached.remove(sliverName);
        if (removed != null) {
            table.take(removed, attached.values());
        }
    }

    /**
     * Changes the kernel's map over a netlink socket in the node's namespace from now on (when one
     * can be had there), instead of starting {@code nft} at every attach and detach.
     */
    public synchronized void useNetlink(NodeSockets sockets) {
        this.sockets = requireNonNull(sockets, "sockets is null");
        table.connect(sockets);
    }

    /**
     * The slice id this node last stamped {@code handle}'s sliver with on the same device and
     * address (what an agent restart finds of a sliver that kept running), if any.
     */
    public OptionalInt recordedSliceId(SliverNetworkHandle handle) {
        return marks.onDevice(handle.hostDevice())
                .filter(mark -> mark.sliverName().equals(handle.sliverName())
                        && mark.sliverAddress().equals(handle.sliverAddress().getHostAddress()))
                .map(mark -> OptionalInt.of(mark.sliceId())).orElse(OptionalInt.empty());
    }

    /** Whether attaches and detaches change the kernel's map over netlink, starting no process. */
    public synchronized boolean changesOverNetlink() {
        return table.overNetlink();
    }

    /** The mark (and so the slice) of each sliver stamped now. */
    public synchronized Map<String, SliverMark> attached() {
        return Map.copyOf(attached);
    }

    /**
     * Writes a record for every connection that counted packets since its last record, and every
     * dropped flow gathered so far. Runs at every active timeout; callable at any time.
     */
    public void cut() {
        synchronized (cutting) {
            ConntrackCut.Counted counted = conntrack.read();
            long now = clock.millis();
            List<FlowRecord> cut = new ArrayList<>();
            synchronized (this) {
                for (ConntrackEntry entry : counted.entries()) {
                    Optional<SliverMark> mark = marks.byMark(entry.mark());
                    if (mark.isEmpty()) {
                        warnIfASliversOwn(entry);
                        continue;
                    }
                    long start = periodStart(entry, now);
                    records.ofConnection(entry, mark.get(), start, now).ifPresent(cut::add);
                    periodStarts.put(entry.id(), now);
                }
                // Connections that ended meanwhile (their DESTROY event may come before or after this).
                periodStarts.keySet().retainAll(counted.present());
                lastCutMillis = now;
            }
            write(cut);
            lastCut.write(now);
        }
        flushDrops();
    }

    /** Writes the dropped flows gathered so far. */
    public void flushDrops() {
        List<FlowRecord> flows = new ArrayList<>();
        for (DroppedFlows.Dropped flow : dropped.drain()) {
            marks.onDevice(flow.key().device())
                    .ifPresent(mark -> flows.add(records.ofDropped(flow.key(), flow.counts(), mark)));
        }
        write(flows);
    }

    /** Records written since this capture started. */
    public long recordsWritten() {
        return written.get();
    }

    /** Segments the disk budget forced out early (also logged at WARN). */
    public long budgetDeletions() {
        return store.budgetDeletions();
    }

    public FlowStore store() {
        return store;
    }

    /** Where the node's relays for clients (HTTP by name) register, so their slices' records name the client. */
    public RelayedClients relayedClients() {
        return records.relayedClients();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        for (Process process : new Process[] {events, drops}) {
            if (process != null) {
                process.destroy();
            }
        }
        if (ends != null) {
            ends.close();
        }
        conntrack.close();
        table.close();
        flushDropsQuietly();
    }

    private SliverMark markOf(SliverNetworkHandle handle, int sliceId) {
        return marks.markFor(handle.sliverName(), sliceId, handle.hostDevice(), handle.sliverAddress().getHostAddress());
    }

    /**
     * A connection a stamped sliver opened (its address is the first packet's source) without an
     * audit mark crossed the node while the sliver's veth had no element in the map: it is a flow
     * recorded nowhere, so said loudly. The node's own connections to a sliver are not the sliver's.
     */
    private void warnIfASliversOwn(ConntrackEntry entry) {
        if (entry.packetsOriginal() + entry.packetsReply() == 0) {
            return;
        }
        // Cuts no longer zero such a connection: it is named once, not at every cut.
        if (!warnedUnmarked.add(entry.id())) {
            return;
        }
        if (warnedUnmarked.size() > 10_000) {
            warnedUnmarked.remove(warnedUnmarked.iterator().next());
        }
        for (SliverMark held : attached.values()) {
            if (held.sliverAddress().equals(entry.original().source())) {
                LOG.warn("connection {} of sliver {} ({} to {} port {}, protocol {}) carries mark {}, not the sliver's {}: it is not"
                        + " recorded", Long.toUnsignedString(entry.id()), held.sliverName(), entry.original().source(),
                        entry.original().destination(), entry.original().destinationPort(), entry.protocol(),
                        Integer.toHexString(entry.mark()), Integer.toHexString(held.mark()));
                return;
            }
        }
    }

    private long periodStart(ConntrackEntry entry, long now) {
        Long known = periodStarts.get(entry.id());
        if (known != null) {
            return known;
        }
        long began = entry.ageSeconds() >= 0 ? (entry.eventMillis() > 0 ? entry.eventMillis() : now) - entry.ageSeconds() * 1000 : now;
        return Math.max(began, Math.min(lastCutMillis, now));
    }

    private void write(List<FlowRecord> flows) {
        if (!flows.isEmpty()) {
            store.append(flows);
            written.addAndGet(flows.size());
        }
    }

    private Process startEvents() {
        Process process = start(List.of("stdbuf", "-oL", "conntrack", "-E", "-e", "DESTROY", "-o", "extended,id,timestamp",
                "-b", "8388608"), "conntrack events");
        Thread.ofPlatform().name("flow-capture-events-log").daemon().start(() -> logErrors(process, "conntrack"));
        Thread.ofPlatform().name("flow-capture-events").daemon().start(() -> {
            readEvents(process);
            restartLater("conntrack events", () -> events = startEvents());
        });
        return process;
    }

    /** Starts a reader again a second after it stopped, unless the capture is closing. */
    private void restartLater(String what, Runnable restart) {
        if (closed) {
            return;
        }
        LOG.warn("{} stopped; starting it again: flows that ended meanwhile are not recorded", what);
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            if (!closed) {
                try {
                    restart.run();
                } catch (RuntimeException e) {
                    LOG.warn("cannot start {} again: {}", what, e.getMessage());
                }
            }
        }
    }

    private static void logErrors(Process process, String what) {
        try (BufferedReader errors = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = errors.readLine()) != null) {
                if (!line.isBlank() && !line.contains("events have been shown")) {
                    LOG.warn("{}: {}", what, line);
                }
            }
        } catch (IOException e) {
            LOG.debug("{} error output ended: {}", what, e.getMessage());
        }
    }

    private void readEvents(Process process) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                List<FlowRecord> ended = new ArrayList<>();
                ended(line).ifPresent(ended::add);
                while (reader.ready() && ended.size() < 1000 && (line = reader.readLine()) != null) {
                    ended(line).ifPresent(ended::add);
                }
                write(ended);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("conntrack events stopped: {}", e.getMessage());
        }
    }

    private Optional<FlowRecord> ended(String line) {
        if (!line.contains("[DESTROY]")) {
            return Optional.empty();
        }
        ConntrackEntry entry;
        try {
            entry = ConntrackEntry.parse(line);
        } catch (RuntimeException e) {
            LOG.warn("conntrack end not understood, its last counts are lost ({}): {}", e.getMessage(), line);
            return Optional.empty();
        }
        return ended(entry);
    }

    /** Writes the records of connections that ended. */
    private void writeEnded(List<ConntrackEntry> entries) {
        List<FlowRecord> ended = new ArrayList<>();
        entries.forEach(entry -> ended(entry).ifPresent(ended::add));
        write(ended);
    }

    private synchronized Optional<FlowRecord> ended(ConntrackEntry entry) {
        Optional<SliverMark> mark = marks.byMark(entry.mark());
        if (mark.isEmpty()) {
            warnIfASliversOwn(entry);
            return Optional.empty();
        }
        long end = entry.eventMillis() > 0 ? entry.eventMillis() : clock.millis();
        long start = periodStart(entry, end);
        periodStarts.remove(entry.id());
        return records.ofConnection(entry, mark.get(), start, end);
    }

    /**
     * Kills a drop reader that a killed agent left in the node's network namespace: it would keep
     * the nflog group bound, and a new reader could not bind it.
     */
    private void killStaleDropReaders() {
        node.runAllowingFailure(List.of("sh", "-c", "pkill -KILL --nslist net --ns $$ -f '^tcpdump -i nflog:"
                + FilterTable.DROP_LOG_GROUP + " '"), null);
    }

    private Process startDrops() {
        Process process = start(List.of("tcpdump", "-i", "nflog:" + FilterTable.DROP_LOG_GROUP, "-U", "-s", "256", "-w", "-"),
                "the drop log reader");
        CountDownLatch listening = new CountDownLatch(1);
        Thread.ofPlatform().name("flow-capture-drops-log").daemon().start(() -> {
            try (BufferedReader errors = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = errors.readLine()) != null) {
                    if (line.contains("listening on")) {
                        listening.countDown();
                    } else if (!line.isBlank() && !line.contains("packets")) {
                        LOG.warn("tcpdump: {}", line);
                    }
                }
            } catch (IOException e) {
                LOG.debug("tcpdump error output ended: {}", e.getMessage());
            }
        });
        Thread.ofPlatform().name("flow-capture-drops").daemon().start(() -> {
            readDrops(process);
            restartLater("the drop log reader", () -> drops = startDrops());
        });
        try {
            if (!listening.await(STARTUP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED,
                        "tcpdump did not start listening on nflog group " + FilterTable.DROP_LOG_GROUP + " within " + STARTUP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "interrupted while starting tcpdump", e);
        }
        return process;
    }

    private void readDrops(Process process) {
        NflogReader reader = new NflogReader(process.getInputStream());
        try {
            NflogReader.Logged logged;
            while ((logged = reader.next()) != null) {
                String in = devices.name(logged.inIndex(), logged.millis());
                String out = devices.name(logged.outIndex(), logged.millis());
                if (in != null && in.startsWith(settings.devicePrefix())) {
                    dropped.add(in, true, logged.packet(), logged.millis());
                } else if (out != null && out.startsWith(settings.devicePrefix())) {
                    dropped.add(out, false, logged.packet(), logged.millis());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("drop log reader stopped: {}", e.getMessage());
        }
    }

    private Process start(List<String> command, String what) {
        try {
            return node.processBuilder(command).start();
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot start " + what + " (" + command.getFirst()
                    + "): " + e.getMessage() + "; install conntrack and tcpdump", e);
        }
    }

    private void cutQuietly() {
        try {
            cut();
        } catch (RuntimeException e) {
            LOG.warn("flow cut failed: {}", e.getMessage());
        }
    }

    private void flushDropsQuietly() {
        try {
            flushDrops();
        } catch (RuntimeException e) {
            LOG.warn("writing dropped flows failed: {}", e.getMessage());
        }
    }
}
