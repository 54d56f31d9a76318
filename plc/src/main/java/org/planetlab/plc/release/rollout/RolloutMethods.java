package org.planetlab.plc.release.rollout;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.api.MethodRegistry;

/** The rollout methods: wire values in, a {@link RolloutService} call, wire values out. */
public final class RolloutMethods {
    private final RolloutService rollouts;

    public RolloutMethods(RolloutService rollouts) {
        this.rollouts = requireNonNull(rollouts, "rollouts is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("StartRollout", call -> rollouts.start(call.mutation(), call.longArg(0),
                        call.listArg(1).stream().map(String.class::cast).toList(),
                        call.optionalArg(2).map(value -> (Long) value).orElse(RolloutService.DEFAULT_GATE_SECONDS)))
                .bind("GetRollouts", call -> rollouts.rollouts(call.db()).stream()
                        .map(rollout -> wire(rollout, rollouts.passed(call.db(), rollout))).toList())
                .bind("PauseRollout", call -> rollouts.pause(call.mutation()))
                .bind("ResumeRollout", call -> {
                    long id = rollouts.resume(call.mutation());
                    rollouts.evaluate(call.mutation());
                    return id;
                })
                .bind("ReportNodeRelease", call -> {
                    long node = call.caller().nodeId().orElseThrow(() -> PlanetLabException.permissionDenied(
                            "only a node reports its release"));
                    Map<String, Object> report = call.structArg(0);
                    rollouts.report(call.mutation(), node, new NodeReleaseReport((Long) report.get("release_number"),
                            (Boolean) report.get("healthy"), Boolean.TRUE.equals(report.get("slivers_converged")),
                            Optional.ofNullable((Long) report.get("failed_release")),
                            Optional.ofNullable((Long) report.get("agent_exit_status")).map(Long::intValue),
                            (String) report.getOrDefault("message", "")));
                    return 1L;
                });
    }

    private static Map<String, Object> wire(Rollout rollout, Set<Long> passed) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("rollout_id", rollout.id());
        wire.put("release_number", rollout.releaseNumber());
        wire.put("from_release", rollout.fromRelease());
        wire.put("state", rollout.state().wireName());
        wire.put("wave", (long) rollout.wave());
        wire.put("gate_seconds", rollout.gateSeconds());
        wire.put("wave_deadline", rollout.waveOpened() + rollout.gateSeconds());
        rollout.rollbackRelease().ifPresent(number -> wire.put("rollback_release", number));
        wire.put("reason", rollout.reason());
        wire.put("created", rollout.created());
        List<Map<String, Object>> waves = new java.util.ArrayList<>();
        for (int position = 0; position < rollout.waves().size(); position++) {
            List<Long> nodes = rollout.waves().get(position);
            boolean open = rollout.state() == RolloutState.COMPLETED || position <= rollout.wave();
            waves.add(Map.of("wave", (long) position, "node_ids", nodes, "open", open,
                    "passed", nodes.stream().filter(passed::contains).toList()));
        }
        wire.put("waves", waves);
        return wire;
    }
}
