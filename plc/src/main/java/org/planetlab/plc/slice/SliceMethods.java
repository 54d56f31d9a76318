package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.api.schema.Filter;
import org.planetlab.api.slice.SliceApi;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.person.Persons;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.Rows;

/**
 * Slices: creation (PLCAPI's AddSlice and the seed's CreateSlice), renewal, users, nodes,
 * starting and stopping, deletion.
 */
public final class SliceMethods {
    private final SliceNames names;

    private final ObjectTable liveSlices;
    private final ObjectTable allSlices;

    public SliceMethods(SliceNames names) {
        this.names = requireNonNull(names, "names is null");
        this.liveSlices = SliceTables.liveSlices(names);
        this.allSlices = SliceTables.allSlices(names);
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddSlice", call -> create(call, call.structArg(0), "plc-instantiated", "started"))
                .bind("CreateSlice", call -> create(call, Map.of("name", names.plcapiName(call.stringArg(0))),
                        "not-instantiated", "stopped"))
                .bind("GetSlices", this::getSlices)
                .bind("UpdateSlice", this::updateSlice)
                .bind("DeleteSlice", this::deleteSlice)
                .bind("AddPersonToSlice", call -> changeMember(call, call.arg(0), slice(call, call.arg(1)), true))
                .bind("DeletePersonFromSlice", call -> changeMember(call, call.arg(0), slice(call, call.arg(1)), false))
                .bind("AddSlicePrincipal", this::addPrincipals)
                .bind("AddSliceToNodes", call -> changeNodes(call, true))
                .bind("AddSliceNode", call -> changeNodes(call, true))
                .bind("DeleteSliceFromNodes", call -> changeNodes(call, false))
                .bind("StartSlice", this::startSlice)
                .bind("StopSlice", this::stopSlice);
    }

    private Slices.SliceRecord slice(Call call, Object ref) {
        return Slices.require(call.db(), names, ref);
    }

    private Object create(Call call, Map<String, Object> fields, String defaultInstantiation, String state) {
        String name = (String) fields.get("name");
        SliceApi.SLICE_NAME.check(name, "slice_fields.name");
        SliceRemoval.expire(call.mutation());
        String loginBase = SliceNames.loginBase(name);
        Sites.SiteRecord site = Sites.find(call.db(), loginBase).orElseThrow(() -> PlanetLabException.invalidArgument(
                "slice_fields.name: no site has login_base \"" + loginBase + "\"; a slice's name starts with the"
                        + " login_base of its site and '_'"));
        if (!call.caller().isOperator() && !call.caller().isAtSite(site.siteId())) {
            throw PlanetLabException.permissionDenied("%s: %s may create slices only for its own sites, not %s"
                    .formatted(call.spec().name(), call.caller().describe(), loginBase));
        }
        if (!site.enabled()) {
            throw PlanetLabException.invalidArgument("site " + loginBase + " is disabled and may not create slices");
        }
        long live = call.db().createQuery("SELECT COUNT(*) FROM slices WHERE site_id = :site AND is_deleted = FALSE")
                .bind("site", site.siteId()).mapTo(Long.class).one();
        if (live >= site.maxSlices()) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "site %s has %d live slices, its maximum (max_slices);"
                    .formatted(loginBase, live) + " delete one or ask PlanetLab support for more");
        }
        if (Slices.find(call.db(), name).isPresent()) {
            throw PlanetLabException.alreadyExists("a live slice named " + name + " already exists");
        }
        long sliceId = Database.nextId(call.db(), "slices");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("slice_id", sliceId);
        row.put("site_id", site.siteId());
        row.put("name", name);
        row.put("hrn", names.hierarchicalName(name));
        row.put("instantiation", fields.getOrDefault("instantiation", defaultInstantiation));
        row.put("state", state);
        row.put("stopped_by_operator", false);
        row.put("url", fields.get("url"));
        row.put("description", fields.get("description"));
        row.put("max_nodes", fields.getOrDefault("max_nodes", 100L));
        row.put("creator_person_id", call.caller().personId().orElse(null));
        row.put("created", call.now());
        row.put("expires", call.now() + SliceApi.DEFAULT_LIFETIME_SECONDS);
        row.put("is_deleted", false);
        Rows.insert(call.db(), "slices", row);
        call.affected(ObjectType.SLICE, sliceId);
        call.affected(ObjectType.SITE, site.siteId());
        call.message("slice %d (%s) created".formatted(sliceId, name));
        return sliceId;
    }

    private Object getSlices(Call call) {
        Filter filter = (Filter) call.optionalArg(0).orElse(Filter.ALL);
        return QueryEngine.get(call.db(), filter.mentions("is_deleted") ? allSlices : liveSlices,
                filter, call.returnFields(1), QueryEngine.Access.EVERYONE);
    }

    private Object updateSlice(Call call) {
        Slices.SliceRecord slice = slice(call, call.arg(0));
        Slices.requireManager(call.db(), call.caller(), slice, "UpdateSlice");
        Map<String, Object> fields = call.structArg(1);
        if (fields.containsKey("max_nodes") && !call.caller().isOperator() && !call.caller().has(Role.PI)) {
            throw PlanetLabException.permissionDenied("slice_fields.max_nodes: only PIs and operators may change it");
        }
        if (fields.containsKey("expires")) {
            checkRenewal(call, slice, fields);
        }
        Rows.update(call.db(), "slices", "slice_id", slice.sliceId(), fields);
        call.affected(ObjectType.SLICE, slice.sliceId());
        call.message(fields.containsKey("expires") ? "slice %d expires at %d".formatted(slice.sliceId(),
                fields.get("expires")) : "slice %d updated".formatted(slice.sliceId()));
        return 1L;
    }

    private static void checkRenewal(Call call, Slices.SliceRecord slice, Map<String, Object> fields) {
        long expires = (Long) fields.get("expires");
        if (expires <= call.now()) {
            throw PlanetLabException.invalidArgument("slice_fields.expires: %d is not in the future (now is %d)"
                    .formatted(expires, call.now()));
        }
        if (expires <= slice.expires()) {
            return;
        }
        Sites.SiteRecord site = Sites.require(call.db(), slice.siteId());
        if (site.maxSlices() <= 0) {
            throw PlanetLabException.invalidArgument("slice creation and renewal are disabled for site " + site.loginBase());
        }
        long limit = call.now() + SliceApi.MAX_RENEWAL_SECONDS;
        if (!call.caller().isOperator() && expires > limit) {
            throw PlanetLabException.invalidArgument("slice_fields.expires: a slice may be renewed to at most 8 weeks"
                    + " from now (%d); ask PlanetLab support for longer".formatted(limit));
        }
        String description = (String) fields.getOrDefault("description", slice.description());
        String url = (String) fields.getOrDefault("url", slice.url());
        if (description == null || description.isBlank() || url == null || url.isBlank()) {
            throw PlanetLabException.invalidArgument(
                    "to renew slice " + slice.name() + " give it a description and a URL saying what it does");
        }
    }

    private Object deleteSlice(Call call) {
        Slices.SliceRecord slice = slice(call, call.arg(0));
        Slices.requireManager(call.db(), call.caller(), slice, "DeleteSlice");
        SliceRemoval.markDeleted(call.mutation(), slice.sliceId());
        call.message("slice %d (%s) deleted".formatted(slice.sliceId(), slice.name()));
        return 1L;
    }

    private Object changeMember(Call call, Object personRef, Slices.SliceRecord slice, boolean add) {
        Slices.requirePiOrOperator(call.caller(), slice, call.spec().name());
        Persons.PersonRecord person = Persons.require(call.db(), personRef);
        Map<String, Object> link = Map.of("slice", slice.sliceId(), "person", person.personId());
        Rows.execute(call.db(), "DELETE FROM slice_persons WHERE slice_id = :slice AND person_id = :person", link);
        if (add) {
            Rows.insert(call.db(), "slice_persons", Map.of("slice_id", slice.sliceId(), "person_id", person.personId()));
        }
        call.affected(ObjectType.SLICE, slice.sliceId());
        call.affected(ObjectType.PERSON, person.personId());
        call.message("person %d %s slice %s".formatted(person.personId(), add ? "added to" : "removed from", slice.name()));
        return 1L;
    }

    private Object addPrincipals(Call call) {
        Slices.SliceRecord slice = slice(call, call.arg(0));
        for (Object person : call.listArg(1)) {
            changeMember(call, person, slice, true);
        }
        return 1L;
    }

    private Object changeNodes(Call call, boolean add) {
        Slices.SliceRecord slice = slice(call, call.arg(0));
        Slices.requireManager(call.db(), call.caller(), slice, call.spec().name());
        List<Nodes.NodeRecord> nodes = new ArrayList<>();
        for (Object ref : call.listArg(1)) {
            nodes.add(Nodes.require(call.db(), ref));
        }
        for (Nodes.NodeRecord node : nodes) {
            Map<String, Object> link = Map.of("slice", slice.sliceId(), "node", node.nodeId());
            Rows.execute(call.db(), "DELETE FROM slice_nodes WHERE slice_id = :slice AND node_id = :node", link);
            if (add) {
                Rows.insert(call.db(), "slice_nodes", Map.of("slice_id", slice.sliceId(), "node_id", node.nodeId()));
            }
            call.affected(ObjectType.NODE, node.nodeId());
        }
        if (add) {
            checkNodeLimits(call, slice);
        }
        call.affected(ObjectType.SLICE, slice.sliceId());
        return 1L;
    }

    private static void checkNodeLimits(Call call, Slices.SliceRecord slice) {
        long onNodes = call.db().createQuery("SELECT COUNT(*) FROM slice_nodes j JOIN nodes n ON n.node_id = j.node_id"
                        + " AND n.deleted = FALSE WHERE j.slice_id = :slice")
                .bind("slice", slice.sliceId()).mapTo(Long.class).one();
        if (onNodes > slice.maxNodes()) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "slice %s would be on %d nodes; its max_nodes is %d"
                    .formatted(slice.name(), onNodes, slice.maxNodes()));
        }
        Sites.SiteRecord site = Sites.require(call.db(), slice.siteId());
        long slivers = call.db().createQuery("SELECT COUNT(*) FROM slice_nodes j JOIN slices s ON s.slice_id = j.slice_id"
                        + " AND s.is_deleted = FALSE JOIN nodes n ON n.node_id = j.node_id AND n.deleted = FALSE"
                        + " WHERE s.site_id = :site")
                .bind("site", site.siteId()).mapTo(Long.class).one();
        if (slivers > site.maxSlivers()) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "site %s's slices would have %d slivers; its"
                    .formatted(site.loginBase(), slivers) + " max_slivers is " + site.maxSlivers());
        }
    }

    private Object startSlice(Call call) {
        Slices.SliceRecord slice = slice(call, call.arg(0));
        Slices.requireManager(call.db(), call.caller(), slice, "StartSlice");
        if (slice.stoppedByOperator() && !call.caller().isOperator()) {
            throw PlanetLabException.permissionDenied("slice " + slice.name()
                    + " was stopped by PlanetLab operators; contact PlanetLab support to have it started again");
        }
        Rows.update(call.db(), "slices", "slice_id", slice.sliceId(), Map.of("state", "started",
                "instantiation", "plc-instantiated", "stopped_by_operator", false));
        call.affected(ObjectType.SLICE, slice.sliceId());
        call.message("slice %s started".formatted(slice.name()));
        return 1L;
    }

    private Object stopSlice(Call call) {
        Slices.SliceRecord slice = slice(call, call.arg(0));
        Slices.requireManager(call.db(), call.caller(), slice, "StopSlice");
        boolean byOperator = call.caller().isOperator() || slice.stoppedByOperator();
        Rows.update(call.db(), "slices", "slice_id", slice.sliceId(), Map.of("state", "stopped",
                "stopped_by_operator", byOperator));
        call.affected(ObjectType.SLICE, slice.sliceId());
        call.message("slice %s stopped%s".formatted(slice.name(), call.caller().isOperator() ? " by an operator" : ""));
        return 1L;
    }
}
