package org.planetlab.node.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.sliver.SliverStateApi;
import org.planetlab.node.manager.NodeEvent;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/**
 * What the node tells PLC of each sliver's state: building (its image is being made, or its
 * kernel objects are), failed (its creator was refused, with the refusal), running or stopped.
 * A recorded sliver still being made is building, never running; a refusal is remembered from the
 * node manager's events until the sliver is made, or until its creator has not asked again for
 * {@code forgetRefusalsAfter} (the slice left the node). A recorded sliver the agent could not
 * start again at its own start is failed until it is started or made again; so is one that did
 * not start when it was to run again (a hold lifted, a stop undone, its lease begun), until it is
 * started, stopped or held again. Each state keeps the time it began.
 */
public final class SliverStateBook {
    /** One sliver's state as reported. */
    public record SliverState(String name, String state, String reason, Instant since) {
        public SliverState {
            requireNonNull(name, "name is null");
            requireNonNull(state, "state is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(since, "since is null");
        }
    }

    private record Refusal(String reason, boolean retrying, Instant first, Instant last) {}

    private final Clock clock;
    private final Duration forgetRefusalsAfter;
    /** Guarded by this. */
    private final Map<String, Refusal> refusals = new HashMap<>();
    /** Recorded slivers the agent could not start again, by name; guarded by this. */
    private final Map<String, Refusal> notStarted = new HashMap<>();
    /** Recorded slivers that did not start when they were to run again, by name; guarded by this. */
    private final Map<String, String> startFailures = new HashMap<>();
    /** The states last answered, for the time each began; guarded by this. */
    private final Map<String, SliverState> previous = new HashMap<>();

    public SliverStateBook(Clock clock, Duration forgetRefusalsAfter) {
        this.clock = requireNonNull(clock, "clock is null");
        this.forgetRefusalsAfter = requireNonNull(forgetRefusalsAfter, "forgetRefusalsAfter is null");
    }

    /** Follows the node manager's events (subscribe it). */
    public synchronized void accept(NodeEvent event) {
        switch (event) {
            case NodeEvent.SliverRefused refused -> {
                Instant now = clock.instant();
                Refusal before = refusals.get(refused.name());
                // A refusal repeated as the creator asks again began with the first one of its kind.
                Instant first = before != null && before.retrying() == refused.retrying() ? before.first() : now;
                refusals.put(refused.name(), new Refusal(refused.reason(), refused.retrying(), first, now));
            }
            case NodeEvent.SliverCreated created -> {
                refusals.remove(created.vm().name());
                notStarted.remove(created.vm().name());
                startFailures.remove(created.vm().name());
            }
            case NodeEvent.SliverStarted started -> {
                notStarted.remove(started.vm().name());
                startFailures.remove(started.vm().name());
            }
            case NodeEvent.SliverDestroyed destroyed -> {
                notStarted.remove(destroyed.name());
                startFailures.remove(destroyed.name());
            }
            case NodeEvent.SliverStartFailed failed -> startFailures.put(failed.name(), failed.reason());
            case NodeEvent.SliverStopped stopped -> startFailures.remove(stopped.vm().name());
            case NodeEvent.HoldSet held -> startFailures.clear();
            default -> { }
        }
    }

    /** A recorded sliver the agent could not bring back at its start: failed, with {@code reason}, until it starts. */
    public synchronized void notStarted(String name, String reason) {
        Instant now = clock.instant();
        notStarted.put(requireNonNull(name, "name is null"), new Refusal(requireNonNull(reason, "reason is null"), false, now, now));
    }

    /**
     * Each sliver's state now.
     *
     * @param recorded the slivers PLC's slices have on the node, as recorded
     * @param beingCreated the names of recorded slivers still being made
     * @param hold the node's state while it holds slivers stopped (safeboot, disabled), if it does
     */
    public synchronized List<SliverState> states(List<VmRecord> recorded, Set<String> beingCreated, Optional<String> hold) {
        Instant now = clock.instant();
        refusals.values().removeIf(refusal -> refusal.last().plus(forgetRefusalsAfter).isBefore(now));
        List<SliverState> states = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (VmRecord vm : recorded) {
            named.add(vm.name());
            if (vm.phase() == VmPhase.DESTROYING) {
                continue;
            }
            Refusal failedStart = notStarted.get(vm.name());
            String failedAgain = startFailures.get(vm.name());
            if (failedAgain != null) {
                states.add(state(vm.name(), "failed", printable(failedAgain), now));
            } else if (failedStart != null && vm.phase() != VmPhase.STOPPED) {
                states.add(state(vm.name(), "failed", printable("the node agent could not bring it back when it started: "
                        + failedStart.reason()), now));
            } else if (beingCreated.contains(vm.name()) || vm.phase() == VmPhase.CREATING) {
                states.add(state(vm.name(), "building", "its kernel objects and first process are being made", now));
            } else if (vm.phase() == VmPhase.STOPPED) {
                states.add(state(vm.name(), "stopped", vm.siteStopped() ? "stopped by the node's site (its owner VM)"
                        : "stopped", now));
            } else if (hold.isPresent()) {
                states.add(state(vm.name(), "stopped", "the node is in " + hold.get() + " and holds its slivers stopped", now));
            } else {
                states.add(state(vm.name(), "running", "", now));
            }
        }
        refusals.forEach((name, refusal) -> {
            if (!named.contains(name)) {
                SliverState candidate = new SliverState(name, refusal.retrying() ? "building" : "failed",
                        printable(refusal.reason()), refusal.first());
                states.add(candidate);
            }
        });
        previous.clear();
        states.forEach(state -> previous.put(state.name(), state));
        states.sort(java.util.Comparator.comparing(SliverState::name));
        return List.copyOf(states);
    }

    private SliverState state(String name, String state, String reason, Instant now) {
        SliverState before = previous.get(name);
        Instant since = before != null && before.state().equals(state) && before.reason().equals(reason) ? before.since() : now;
        return new SliverState(name, state, reason, since);
    }

    /** The reason as PLC stores it: bounded, and without characters neither encoding carries. */
    private static String printable(String reason) {
        StringBuilder kept = new StringBuilder();
        reason.codePoints().limit(SliverStateApi.REASON_MAX_LENGTH).forEach(point -> kept.appendCodePoint(
                point < 0x20 && point != '\n' && point != '\t' || point == 0xFFFE || point == 0xFFFF
                        || Character.getType(point) == Character.SURROGATE ? '?' : point));
        return kept.toString();
    }
}
