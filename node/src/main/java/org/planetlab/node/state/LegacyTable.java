package org.planetlab.node.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The table as earlier versions kept it, beside what is now one log: one file per VM in
 * {@code vms/}, later a log of VM records only in {@code vm-log/}, one file per pool in
 * {@code pools/}, the policy and the accounts in {@code policy/}. Read once to move them into the
 * log; removed once the log holds them.
 */
final class LegacyTable {
    private static final List<String> DIRECTORIES = List.of("vms", "vm-log", "pools", "policy");
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private LegacyTable() {}

    static boolean present(Path table) {
        return DIRECTORIES.stream().anyMatch(name -> Files.exists(table.resolve(name)));
    }

    /**
     * Every object of the earlier table, by its name in the log. A file a crash left half
     * written ({@code .tmp}) was never acknowledged and is skipped; a VM both in a file and in the
     * VM log (a crash during the earlier move from files to that log) is taken from the file, as
     * that move would have.
     */
    static Map<String, byte[]> read(Path table) {
        Map<String, byte[]> records = new TreeMap<>();
        Path vmLog = table.resolve("vm-log");
        if (Files.isDirectory(vmLog)) {
            RecordLog log = RecordLog.open(vmLog);
            try {
                log.records().values().forEach(json -> putVm(records, json));
            } finally {
                log.close();
            }
        }
        files(table.resolve("vms")).forEach(json -> putVm(records, json));
        for (byte[] json : files(table.resolve("pools"))) {
            PoolRecord pool = StateRecords.pool(json);
            records.put(StateRecords.poolName(pool.rcap()), StateRecords.pool(pool));
        }
        Path policy = table.resolve("policy").resolve("policy.json");
        if (Files.isRegularFile(policy)) {
            records.put(StateRecords.POLICY, StateRecords.policy(StateRecords.policy(content(policy))));
        }
        Path accounts = table.resolve("policy").resolve("accounts.json");
        if (Files.isRegularFile(accounts)) {
            records.put(StateRecords.ACCOUNTS, StateRecords.accounts(StateRecords.accounts(content(accounts))));
        }
        return records;
    }

    /** Removes what is left of the earlier table, one directory after the other, and flushes the table's directory. */
    static void remove(Path table, Runnable afterEachDirectory) {
        boolean removed = false;
        for (String name : DIRECTORIES) {
            Path directory = table.resolve(name);
            if (Files.exists(directory)) {
                deleteRecursively(directory);
                removed = true;
                afterEachDirectory.run();
            }
        }
        if (removed) {
            flushDirectory(table);
        }
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory + " (the node's state of an earlier version, now in the log)", e);
        }
    }

    static void flushDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush directory " + directory, e);
        }
    }

    private static void putVm(Map<String, byte[]> records, byte[] json) {
        VmRecord vm = StateRecords.vm(json);
        records.put(StateRecords.vmName(vm.name()), StateRecords.vm(vm));
    }

    private static List<byte[]> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(directory)) {
            return paths.filter(path -> !path.getFileName().toString().endsWith(TEMPORARY_SUFFIX)).sorted().map(LegacyTable::content).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static byte[] content(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
