package org.planetlab.node.net.slots;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.net.Ipv4Cidr;
import org.planetlab.node.net.filtering.FilterTable;
import org.planetlab.node.net.filtering.FilterTable.AssignedComment;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SlotLayout;
import org.planetlab.node.net.shaping.ClassReport;

/**
 * Reads the agent's objects from the kernel: namespace files, veths ({@code ip -j}), HTB classes
 * ({@code tc}) and the filter table's sets ({@code nft -j}). Four reads, whatever the number of
 * slivers.
 */
final class KernelStateReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NetworkCommands commands;
    private final SliverNetworkConfig config;
    private final SlotLayout layout;
    private final Path namespaceDirectory;

    KernelStateReader(NetworkCommands commands, SliverNetworkConfig config, SlotLayout layout, Path namespaceDirectory) {
        this.commands = requireNonNull(commands, "commands is null");
        this.config = requireNonNull(config, "config is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.namespaceDirectory = requireNonNull(namespaceDirectory, "namespaceDirectory is null");
    }

    KernelState read() {
        Set<Integer> namespaces = namespaces();
        Map<String, JsonNode> devices = vethStatistics();
        Set<Integer> deviceSlots = new HashSet<>();
        devices.keySet().forEach(name -> layout.slotOfDevice(name).ifPresent(deviceSlots::add));
        Map<Integer, ClassReport> classes = classes();
        return parseTable(commands.query(List.of("nft", "-j", "list", "table", "ip", config.tableName())), layout,
                namespaces, deviceSlots, classes, devices.containsKey(layout.mirrorDevice()));
    }

    /** HTB classes of slots, by slot, with their byte counters. */
    Map<Integer, ClassReport> classes() {
        Map<Integer, ClassReport> bySlot = new HashMap<>();
        String text = commands.query(List.of("tc", "-s", "class", "show", "dev", config.uplinkDevice()));
        ClassReport.parse(text).values().forEach(report ->
                layout.slotOfClassMinor(report.minor()).ifPresent(slot -> bySlot.put(slot, report)));
        return bySlot;
    }

    /** The {@code stats64} object of every veth in the node namespace, by device name. */
    Map<String, JsonNode> vethStatistics() {
        JsonNode links = parse(commands.query(List.of("ip", "-j", "-s", "link", "show", "type", "veth")));
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode link : links) {
            byName.put(link.path("ifname").asText(), link.path("stats64"));
        }
        return byName;
    }

    Set<Integer> namespaces() {
        Set<Integer> slots = new HashSet<>();
        try (Stream<Path> files = Files.list(namespaceDirectory)) {
            files.forEach(file -> layout.slotOfNamespace(file.getFileName().toString()).ifPresent(slots::add));
        } catch (NoSuchFileException e) {
            return slots;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + namespaceDirectory, e);
        }
        return slots;
    }

    /** Combines the table's sets ({@code nft -j list table}) with the other reads into one state. */
    static KernelState parseTable(String json, SlotLayout layout, Set<Integer> namespaces, Set<Integer> devices,
            Map<Integer, ClassReport> classes, boolean mirrorDevice) {
        Map<Integer, AssignedComment> assigned = new HashMap<>();
        Set<Integer> retired = new HashSet<>();
        Set<Integer> sources = new HashSet<>();
        Set<Integer> classEntries = new HashSet<>();
        Set<Integer> mirrored = new HashSet<>();
        for (JsonNode object : parse(json).path("nftables")) {
            JsonNode set = object.has("set") ? object.get("set") : object.path("map");
            for (JsonNode element : set.path("elem")) {
                switch (set.path("name").asText()) {
                    case FilterTable.ASSIGNED -> slotOfDevice(layout, value(element)).ifPresent(slot ->
                            assigned.put(slot, FilterTable.parseComment(element.path("elem").path("comment").asText())));
                    case FilterTable.RETIRED -> slotOfDevice(layout, value(element)).ifPresent(retired::add);
                    case FilterTable.MIRRORED -> slotOfDevice(layout, value(element)).ifPresent(mirrored::add);
                    case FilterTable.SOURCES -> slotOfDevice(layout, value(element).path("concat").path(0)).ifPresent(sources::add);
                    case FilterTable.CLASSES -> slotOfAddress(layout, value(element.path(0))).ifPresent(classEntries::add);
                    default -> { }
                }
            }
        }
        return new KernelState(namespaces, devices, classes, assigned, retired, sources, classEntries, mirrored, mirrorDevice);
    }

    /** An element is either its value or {@code {"elem": {"val": value, ...}}} when it has a comment. */
    private static JsonNode value(JsonNode element) {
        return element.has("elem") ? element.get("elem").path("val") : element;
    }

    private static OptionalInt slotOfDevice(SlotLayout layout, JsonNode name) {
        return name.isTextual() ? layout.slotOfDevice(name.asText()) : OptionalInt.empty();
    }

    private static OptionalInt slotOfAddress(SlotLayout layout, JsonNode address) {
        if (!address.isTextual()) {
            return OptionalInt.empty();
        }
        try {
            return layout.slotOfAddress(Ipv4Cidr.parseAddress(address.asText()));
        } catch (PlanetLabException e) {
            return OptionalInt.empty();
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json.isBlank() ? "[]" : json);
        } catch (JsonProcessingException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED,
                    "cannot read the kernel's JSON answer: " + e.getOriginalMessage(), e);
        }
    }
}
