package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.HttpName;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.ports.PortHold;
import org.planetlab.node.net.ports.PortKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slices' HTTP servers by name: each sliver with a {@code codemux} attribute, at its private
 * address and the attribute's port, reachable only while the port table says the slice holds that
 * TCP port (by reservation or by listening), so a slice can never be named onto a port another
 * slice holds. A value the node cannot read is skipped (PLC checks it before it is set).
 *
 * <p>Read at most once per {@link #MAX_AGE}: every request through port 80 asks, and a reading
 * is a call into the node manager's one controller thread (busy for as long as a sliver is being
 * created) and a read of the port table file. Only the first reading is waited for: once a
 * reading is older than that, the next request starts a new one in the background and is
 * answered from the last, so no request (and no relay loop) waits for a sliver being created. A
 * change is seen by the requests after the first reading that follows it, within a second and a
 * reading, as a new listener is seen within the port scan's.
 */
public final class SliverHttpServers implements Supplier<List<HttpNames.SliceServer>> {
    private static final Logger LOG = LoggerFactory.getLogger(SliverHttpServers.class);
    /** How long a reading of the servers answers requests. */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final Supplier<Map<String, String>> codemuxBySliver;
    private final Function<String, Optional<SliverNetworkHandle>> handles;
    private final Supplier<? extends Collection<PortHold>> holds;
    private final LongSupplier nanoTime;
    private final Executor refresher;
    private List<HttpNames.SliceServer> servers;
    private long readAtNanos;
    private boolean refreshing;

    /**
     * @param codemuxBySliver the {@code codemux} value of each sliver that has one
     * @param handles each attached sliver's network ({@code SliverNetwork::handle})
     * @param holds the port table's holds ({@code InboundPorts::holds}, or {@link #portTable})
     */
    public SliverHttpServers(Supplier<Map<String, String>> codemuxBySliver,
            Function<String, Optional<SliverNetworkHandle>> handles, Supplier<? extends Collection<PortHold>> holds) {
        this(codemuxBySliver, handles, holds, System::nanoTime,
                task -> Thread.ofVirtual().name("http-by-name-servers").start(task));
    }

    /** @param refresher runs the readings after the first */
    SliverHttpServers(Supplier<Map<String, String>> codemuxBySliver, Function<String, Optional<SliverNetworkHandle>> handles,
            Supplier<? extends Collection<PortHold>> holds, LongSupplier nanoTime, Executor refresher) {
        this.codemuxBySliver = requireNonNull(codemuxBySliver, "codemuxBySliver is null");
        this.handles = requireNonNull(handles, "handles is null");
        this.holds = requireNonNull(holds, "holds is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.refresher = requireNonNull(refresher, "refresher is null");
    }

    /**
     * The holds as the durable port table ({@code <state-dir>/ports}) records them; the table is
     * written before the kernel forwards a port and before a freed port is given to another.
     */
    public static Supplier<List<PortHold>> portTable(Path file) {
        return () -> {
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.isBlank() && !line.startsWith("#")).map(PortHold::parse).toList();
            } catch (NoSuchFileException e) {
                return List.of();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the port table " + file, e);
            }
        };
    }

    @Override
    public List<HttpNames.SliceServer> get() {
        synchronized (this) {
            if (servers == null) {
                servers = read();
                readAtNanos = nanoTime.getAsLong();
                return servers;
            }
            if (refreshing || nanoTime.getAsLong() - readAtNanos < MAX_AGE.toNanos()) {
                return servers;
            }
            refreshing = true;
        }
        try {
            refresher.execute(this::refresh);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                refreshing = false;
            }
        }
        synchronized (this) {
            return servers;
        }
    }

    /** A reading in the background; one that fails leaves the last in place for another second. */
    private void refresh() {
        List<HttpNames.SliceServer> read = null;
        try {
            read = read();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the slices' HTTP servers, the last reading stays: {}", e.getMessage());
        }
        synchronized (this) {
            if (read != null) {
                servers = read;
            }
            readAtNanos = nanoTime.getAsLong();
            refreshing = false;
        }
    }

    private List<HttpNames.SliceServer> read() {
        Collection<PortHold> held = holds.get();
        List<HttpNames.SliceServer> found = new ArrayList<>();
        codemuxBySliver.get().forEach((sliver, value) -> {
            HttpName name;
            try {
                name = HttpName.parse(value);
            } catch (PlanetLabException e) {
                LOG.debug("sliver {}: {}", sliver, e.getMessage());
                return;
            }
            Optional<SliverNetworkHandle> handle = handles.apply(sliver);
            if (handle.isEmpty()) {
                return;
            }
            boolean holds = held.stream().anyMatch(hold -> hold.key().equals(PortKey.tcp(name.port()))
                    && hold.sliverName().equals(sliver));
            found.add(new HttpNames.SliceServer(sliver, name.name(), handle.get().sliverAddress().getHostAddress(),
                    name.port(), holds));
        });
        return List.copyOf(found);
    }
}
