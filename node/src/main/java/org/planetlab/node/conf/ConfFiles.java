package org.planetlab.node.conf;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's configuration files as PLC says (the original's {@code conf_files} module):
 * every round it reads the {@code conf_files} of the node's GetSlivers view (asking with the last
 * version, so an unchanged view costs PLC a comparison), fetches each file's
 * content with GetConfFileContent (over PLC's TLS, signed with the node key) and installs what
 * differs, so a change at PLC reaches the node and a file changed on the node is put back within
 * one round. A file that cannot be installed changes nothing (or, for a failed post-install
 * command, only itself) and is reported by name in {@link #problems()}, which the heartbeat
 * carries to PLC ({@code pl node status}). Files PLC no longer lists are left as they are, as the
 * original left them.
 */
public final class ConfFiles implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfFiles.class);

    /** What one round did. */
    public record Round(List<String> installed, List<String> unchanged, List<String> problems) {
        public Round {
            installed = List.copyOf(installed);
            unchanged = List.copyOf(unchanged);
            problems = List.copyOf(problems);
        }
    }

    private final PlcClient plc;
    private final ConfFileInstaller installer;
    private volatile List<String> problems = List.of();
    /** The view's version and files at the last answer, so an unchanged view costs PLC one comparison. */
    private String version;
    private List<?> lastFiles = List.of();
    private volatile boolean closed;

    /** @param plc PLC's API as the node calls it, every request signed with the node key */
    public ConfFiles(PlcClient plc, ConfFilesSettings settings) {
        this.plc = requireNonNull(plc, "plc is null");
        requireNonNull(settings, "settings is null");
        this.installer = new ConfFileInstaller(new ConfinedDestinations(settings.root(), settings.directories()),
                new ConfFileCommands(settings.commandTimeout()));
    }

    /** Runs a round now and then one every {@code interval} on {@code scheduler}, until closed. */
    public void start(ScheduledExecutorService scheduler, Duration interval) {
        scheduler.scheduleWithFixedDelay(() -> {
            if (!closed) {
                try {
                    converge();
                } catch (RuntimeException e) {
                    LOG.warn("configuration files not checked: {}", e.getMessage());
                }
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round: PLC's files compared with the node's and installed where they differ. */
    public synchronized Round converge() {
        List<String> installed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> found = new ArrayList<>();
        List<?> wire;
        try {
            wire = confFiles(version == null ? plc.call("GetSlivers") : plc.call("GetSlivers", null, version));
        } catch (PlanetLabException | IllegalArgumentException e) {
            // PLC unreachable: the files stay as they are, and the problems of the last round stand.
            LOG.debug("configuration files not checked, GetSlivers failed: {}", e.getMessage());
            return new Round(List.of(), List.of(), problems);
        }
        for (Object element : wire) {
            ConfFileEntry entry;
            try {
                entry = ConfFileEntry.parse((Map<?, ?>) element);
            } catch (IllegalArgumentException | ClassCastException e) {
                found.add("conf file " + describe(element) + ": " + e.getMessage() + "; not installed");
                continue;
            }
            try {
                Map<?, ?> content = content(entry);
                byte[] bytes = Base64.getDecoder().decode((String) content.get("content"));
                byte[] sha256 = HexFormat.of().parseHex((String) content.get("sha256"));
                switch (installer.install(entry, bytes, sha256)) {
                    case INSTALLED -> installed.add(entry.destination());
                    case UNCHANGED -> unchanged.add(entry.destination());
                }
            } catch (PlanetLabException | IllegalArgumentException | ClassCastException | NullPointerException e) {
                String message = e.getMessage() != null && e.getMessage().startsWith(entry.name()) ? e.getMessage()
                        : entry.name() + ": " + e.getMessage();
                found.add(message);
            }
        }
        if (!installed.isEmpty()) {
            LOG.info("configuration files installed: {}", installed);
        }
        found.forEach(problem -> LOG.warn("{}", problem));
        problems = List.copyOf(found);
        return new Round(installed, unchanged, found);
    }

    /** The problems of the last round that reached PLC, each naming its file. */
    public List<String> problems() {
        return problems;
    }

    private Map<?, ?> content(ConfFileEntry entry) {
        try {
            if (plc.call("GetConfFileContent", entry.id()) instanceof Map<?, ?> content) {
                return content;
            }
            throw new IllegalArgumentException("GetConfFileContent answered something other than a struct");
        } catch (PlanetLabException e) {
            throw new PlanetLabException(e.code(), entry.name() + ": PLC did not serve its source '" + entry.source() + "': "
                    + e.getMessage());
        }
    }

    /** The files of a full answer, or those of the last full answer when PLC says the view is unchanged. */
    private List<?> confFiles(Object answer) {
        if (!(answer instanceof Map<?, ?> view)) {
            throw new IllegalArgumentException("GetSlivers answered something other than a struct");
        }
        if (Boolean.TRUE.equals(view.get("unchanged")) && version != null) {
            return lastFiles;
        }
        lastFiles = view.get("conf_files") instanceof List<?> files ? List.copyOf(files) : List.of();
        version = view.get("version") instanceof String current ? current : null;
        return lastFiles;
    }

    private static String describe(Object element) {
        if (element instanceof Map<?, ?> map) {
            return map.get("dest") + " (conf_file_id " + map.get("conf_file_id") + ")";
        }
        return "entry";
    }

    @Override
    public void close() {
        closed = true;
    }
}
