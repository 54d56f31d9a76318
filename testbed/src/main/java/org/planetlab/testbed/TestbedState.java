package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.wire.JsonCodec;

/**
 * What a running testbed consists of, written to {@code testbed.json} after each step of
 * {@code up}, so that {@code status} can report it and {@code down} (or the next {@code up}, after
 * a crash) can stop exactly what was started.
 */
final class TestbedState {
    private final JsonCodec json = new JsonCodec();
    private final Path file;
    private final Map<String, Object> values;

    private TestbedState(Path file, Map<String, Object> values) {
        this.file = requireNonNull(file, "file is null");
        this.values = values;
    }

    static TestbedState fresh(Path file, TestbedLayout layout) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("nodes", (long) layout.nodeCount());
        values.put("subnet", layout.subnet());
        values.put("plc_port", (long) layout.plcPort());
        values.put("prefix", layout.prefix());
        values.put("peer", layout.peer());
        values.put("processes", new ArrayList<Object>());
        return new TestbedState(file, values);
    }

    @SuppressWarnings("unchecked")
    static Optional<TestbedState> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Object parsed = new JsonCodec().read(Files.readAllBytes(file));
            return Optional.of(new TestbedState(file, new LinkedHashMap<>((Map<String, Object>) parsed)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // A state file torn by a crash: nothing in it can be trusted, cleanup goes by names.
            return Optional.empty();
        }
    }

    TestbedLayout layout(Path dataDir) {
        return new TestbedLayout(dataDir, ((Number) values.get("nodes")).intValue(), (String) values.get("subnet"),
                ((Number) values.get("plc_port")).intValue(), (String) values.get("prefix"),
                (String) values.getOrDefault("peer", ""));
    }

    void add(ManagedProcess process) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", process.name());
        record.put("pid", process.pid());
        record.put("started", process.started().toString());
        record.put("log", process.log().toString());
        processes().add(record);
        save();
    }

    List<ManagedProcess> processList() {
        List<ManagedProcess> list = new ArrayList<>();
        for (Object entry : processes()) {
            Map<?, ?> record = (Map<?, ?>) entry;
            list.add(new ManagedProcess((String) record.get("name"), ((Number) record.get("pid")).longValue(),
                    Instant.parse((String) record.get("started")), Path.of((String) record.get("log"))));
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private List<Object> processes() {
        Object processes = values.get("processes");
        if (!(processes instanceof ArrayList<?>)) {
            values.put("processes", new ArrayList<>((List<Object>) processes));
        }
        return (List<Object>) values.get("processes");
    }

    void save() {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, json.write(values));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
