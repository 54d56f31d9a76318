package org.planetlab.node.manager;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.planetlab.node.sliver.SliverRuntime;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.node.state.VmRecord;

/** Test double of the sliver runtime: remembers what runs and what it was asked. */
final class RecordingRuntime implements SliverRuntime {
    final Set<String> running = ConcurrentHashMap.newKeySet();
    final List<String> calls = new ArrayList<>();
    String failStartOf = "";
    volatile String failDestroyOf = "";

    @Override
    public synchronized void start(VmRecord vm) {
        calls.add("start " + vm.name());
        if (vm.name().equals(failStartOf)) {
            throw new IllegalStateException("cannot start " + vm.name());
        }
        running.add(vm.name());
    }

    @Override
    public synchronized void stop(VmRecord vm) {
        calls.add("stop " + vm.name());
        running.remove(vm.name());
    }

    @Override
    public synchronized void destroy(VmRecord vm) {
        calls.add("destroy " + vm.name());
        if (vm.name().equals(failDestroyOf)) {
            throw new IllegalStateException("cannot remove " + vm.name());
        }
        running.remove(vm.name());
    }

    @Override
    public synchronized void update(VmRecord vm) {
        calls.add("update " + vm.name());
    }

    @Override
    public boolean running(VmRecord vm) {
        return running.contains(vm.name());
    }

    @Override
    public SliverUsage usage(VmRecord vm) {
        return new SliverUsage(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Override
    public Collection<String> removeOrphans(Collection<VmRecord> desired) {
        return new ArrayList<>();
    }
}
