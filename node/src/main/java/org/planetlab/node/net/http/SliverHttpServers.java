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
 * created) and a read of the port table file. A change is seen within that second, as a new
 * listener is seen within the port scan's.
 */
public final class SliverHttpServers implements Supplier<List<HttpNames.SliceServer>> {
    private static final Logger LOG = LoggerFactory.getLogger(SliverHttpServers.class);
    /** How long a reading of the servers answers requests. */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final Supplier<Map<String, String>> codemuxBySliver;
    private final Function<String, Optional<SliverNetworkHandle>> handles;
    private final Supplier<? extends Collection<PortHold>> holds;
    private final LongSupplier nanoTime;
    private List<HttpNames.SliceServer> servers;
    private long readAtNanos;

    /**
     * @param codemuxBySliver the {@code codemux} value of each sliver that has one
     * @param handles each attached sliver's network ({@code SliverNetwork::handle})
     * @param holds the port table's holds ({@code InboundPorts::holds}, or {@link #portTable})
     */
    public SliverHttpServers(Supplier<Map<String, String>> codemuxBySliver,
            Function<String, Optional<SliverNetworkHandle>> handles, Supplier<? extends Collection<PortHold>> holds) {
        this(codemuxBySliver, handles, holds, System::nanoTime);
    }

    SliverHttpServers(Supplier<Map<String, String>> codemuxBySliver, Function<String, Optional<SliverNetworkHandle>> handles,
            Supplier<? extends Collection<PortHold>> holds, LongSupplier nanoTime) {
        this.codemuxBySliver = requireNonNull(codemuxBySliver, "codemuxBySliver is null");
        this.handles = requireNonNull(handles, "handles is null");
        this.holds = requireNonNull(holds, "holds is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
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
    public synchronized List<HttpNames.SliceServer> get() {
        long now = nanoTime.getAsLong();
        if (servers == null || now - readAtNanos >= MAX_AGE.toNanos()) {
            servers = read();
            readAtNanos = now;
        }
        return servers;
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
