package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.api.slice.SliceApi;
import org.planetlab.plc.agreement.SiteAgreementService;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.foreign.ForeignObjects;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * The slice authority's rules for slices themselves: creation (names, quotas, whose site),
 * renewal, starting and stopping, deletion and expiry. Who is in a slice and where it runs is in
 * {@link SliceMembership}. Operations PLC itself starts (expiry) or its own programs use run as
 * changes of their own on the {@link MutationPath}; the others run inside an API call's change.
 * Authenticated callers read slices typed ({@link #slice}, {@link #slices}).
 */
public final class SliceService {
    private static final String DETAILS = "SELECT t.slice_id, t.site_id, t.name, t.hrn, t.instantiation, t.state,"
            + " t.url, t.description, t.max_nodes, t.created, t.expires FROM slices t WHERE t.is_deleted = FALSE";

    private final MutationPath mutations;
    private final Database database;
    private final SliceNames names;

    /** How a slice comes to be: PLCAPI's AddSlice starts it, the seed's CreateSlice does not. */
    public enum Creation {
        ADD("AddSlice", "plc-instantiated", "started"),
        CREATE("CreateSlice", "not-instantiated", "stopped");

        private final String action;
        private final String instantiation;
        private final String state;

        Creation(String action, String instantiation, String state) {
            this.action = action;
            this.instantiation = instantiation;
            this.state = state;
        }
    }

    public SliceService(MutationPath mutations, Database database, SliceNames names) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.database = requireNonNull(database, "database is null");
        this.names = requireNonNull(names, "names is null");
    }

    /**
     * The live slice {@code ref} names (by id, PLCAPI name or hierarchical name), if any. Every
     * authenticated caller may read slices, as with GetSlices; anonymous callers may not.
     */
    public Optional<SliceDetails> slice(Caller caller, SliceRef ref) {
        return database.read(handle -> slice(handle, caller, ref));
    }

    public Optional<SliceDetails> slice(Handle handle, Caller caller, SliceRef ref) {
        requireAuthenticated(caller);
        return switch (ref) {
            case SliceRef.ById byId -> Rows.select(handle, DETAILS + " AND t.slice_id = ?", List.of(byId.sliceId()))
                    .map((row, context) -> details(row)).findOne();
            case SliceRef.ByName byName -> Rows.select(handle, DETAILS + " AND t.name = ?",
                    List.of(names.lookupName(byName.name()))).map((row, context) -> details(row)).findOne();
        };
    }

    /** One page of the live slices {@code filter} selects, by slice id. */
    public List<SliceDetails> slices(Caller caller, SliceFilter filter) {
        return database.read(handle -> slices(handle, caller, filter));
    }

    public List<SliceDetails> slices(Handle handle, Caller caller, SliceFilter filter) {
        requireAuthenticated(caller);
        StringBuilder sql = new StringBuilder(DETAILS);
        List<Object> parameters = new ArrayList<>();
        filter.siteId().ifPresent(id -> {
            sql.append(" AND t.site_id = ?");
            parameters.add(id);
        });
        filter.personId().ifPresent(id -> {
            sql.append(" AND EXISTS (SELECT 1 FROM slice_persons sp WHERE sp.slice_id = t.slice_id"
                    + " AND sp.person_id = ?)");
            parameters.add(id);
        });
        filter.nodeId().ifPresent(id -> {
            sql.append(" AND EXISTS (SELECT 1 FROM slice_nodes sn WHERE sn.slice_id = t.slice_id AND sn.node_id = ?)");
            parameters.add(id);
        });
        filter.page().appendTo(sql, parameters, "t.slice_id");
        return Rows.select(handle, sql.toString(), parameters).map((row, context) -> details(row)).list();
    }

    /** How many live slices there are, counted in the store; for those who may read slices. */
    public long countSlices(Handle handle, Caller caller) {
        requireAuthenticated(caller);
        return handle.createQuery("SELECT COUNT(*) FROM slices WHERE is_deleted = FALSE").mapTo(Long.class).one();
    }

    /** How many slivers there are as GetSlivers hands them out: a live slice on a live node. */
    public long countSlivers(Handle handle, Caller caller) {
        requireAuthenticated(caller);
        return handle.createQuery("SELECT COUNT(*) FROM slice_nodes j JOIN slices s ON s.slice_id = j.slice_id"
                + " AND s.is_deleted = FALSE JOIN nodes n ON n.node_id = j.node_id AND n.deleted = FALSE")
                .mapTo(Long.class).one();
    }

    private static void requireAuthenticated(Caller caller) {
        if (caller.roles().stream().allMatch(role -> role == Role.ANONYMOUS)) {
            throw PlanetLabException.permissionDenied("slices are shown to persons and nodes with an account; "
                    + caller.describe() + " has none, authenticate first");
        }
    }

    private static SliceDetails details(ResultSet row) throws SQLException {
        return new SliceDetails(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4), row.getString(5),
                row.getString(6), Optional.ofNullable(row.getString(7)), Optional.ofNullable(row.getString(8)),
                row.getLong(9), row.getLong(10), row.getLong(11));
    }

    public long addSlice(Caller caller, NewSlice slice) {
        return mutations.run(caller, "AddSlice", List.of(slice.name()),
                mutation -> createSlice(mutation, slice, Creation.ADD));
    }

    /**
     * Creates a slice at the site its name starts with. Only operators and the site's own members
     * may, only for an enabled site below its max_slices. Expired slices go first, so they do not
     * count against the quota or hold the name.
     */
    public long createSlice(Mutation mutation, NewSlice slice, Creation creation) {
        String name = slice.name();
        SliceApi.SLICE_NAME.check(name, "slice_fields.name");
        SliceRemoval.expire(mutation);
        String loginBase = SliceNames.loginBase(name);
        Sites.SiteRecord site = Sites.find(mutation.db(), loginBase).orElseThrow(() -> PlanetLabException.invalidArgument(
                "slice_fields.name: no site has login_base \"" + loginBase + "\"; a slice's name starts with the"
                        + " login_base of its site and '_'"));
        Caller caller = mutation.caller();
        if (!caller.isOperator() && !caller.isAtSite(site.siteId())) {
            throw PlanetLabException.permissionDenied("%s: %s may create slices only for its own sites, not %s"
                    .formatted(creation.action, caller.describe(), loginBase));
        }
        if (!site.enabled()) {
            throw PlanetLabException.invalidArgument("site " + loginBase + " is disabled and may not create slices");
        }
        ForeignObjects.requireLocal(mutation.db(), ObjectType.SITE, site.siteId(), "AddSlice");
        SiteRestriction.checkMayCreateSlices(mutation.db(), site.siteId(), loginBase, caller.isOperator());
        SiteAgreementService.requireForNewSlice(mutation.db(), caller, site.siteId(), loginBase, creation.action);
        long live = mutation.db().createQuery("SELECT COUNT(*) FROM slices WHERE site_id = :site AND is_deleted = FALSE")
                .bind("site", site.siteId()).mapTo(Long.class).one();
        if (live >= site.maxSlices()) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "site %s has %d live slices, its maximum (max_slices);"
                    .formatted(loginBase, live) + " delete one or ask PlanetLab support for more");
        }
        if (Slices.find(mutation.db(), name).isPresent()) {
            throw PlanetLabException.alreadyExists("a live slice named " + name + " already exists");
        }
        long sliceId = Database.nextId(mutation.db(), "slices");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("slice_id", sliceId);
        row.put("site_id", site.siteId());
        row.put("name", name);
        row.put("hrn", names.hierarchicalName(mutation.db(), name));
        row.put("instantiation", slice.instantiation().orElse(creation.instantiation));
        row.put("state", creation.state);
        row.put("stopped_by_operator", false);
        row.put("url", slice.url().orElse(null));
        row.put("description", slice.description().orElse(null));
        row.put("max_nodes", slice.maxNodes().orElse(100L));
        row.put("creator_person_id", caller.personId().orElse(null));
        row.put("created", mutation.now());
        row.put("expires", mutation.now() + SliceApi.DEFAULT_LIFETIME_SECONDS);
        row.put("is_deleted", false);
        Rows.insert(mutation.db(), "slices", row);
        mutation.affected(ObjectType.SLICE, sliceId);
        mutation.affected(ObjectType.SITE, site.siteId());
        mutation.message("slice %d (%s) created".formatted(sliceId, name));
        return sliceId;
    }

    public void updateSlice(Caller caller, SliceRef ref, SliceUpdate update) {
        mutations.run(caller, "UpdateSlice", List.of(ref.key()), mutation -> {
            updateSlice(mutation, ref, update);
            return null;
        });
    }

    /** Changes a slice; a later expiry time renews it (see {@link #checkRenewal}). */
    public void updateSlice(Mutation mutation, SliceRef ref, SliceUpdate update) {
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, ref.key());
        Caller caller = mutation.caller();
        Slices.requireManager(mutation.db(), caller, slice, "UpdateSlice");
        ForeignObjects.requireLocal(mutation.db(), ObjectType.SLICE, slice.sliceId(), "UpdateSlice");
        if (update.maxNodes().isPresent() && !caller.isOperator() && !caller.has(Role.PI)) {
            throw PlanetLabException.permissionDenied("slice_fields.max_nodes: only PIs and operators may change it");
        }
        update.expires().ifPresent(expires -> checkRenewal(mutation, slice, update, expires));
        Map<String, Object> columns = new LinkedHashMap<>();
        update.instantiation().ifPresent(value -> columns.put("instantiation", value));
        update.url().ifPresent(value -> columns.put("url", value.orElse(null)));
        update.description().ifPresent(value -> columns.put("description", value.orElse(null)));
        update.maxNodes().ifPresent(value -> columns.put("max_nodes", value));
        update.expires().ifPresent(value -> columns.put("expires", value));
        Rows.update(mutation.db(), "slices", "slice_id", slice.sliceId(), columns);
        mutation.affected(ObjectType.SLICE, slice.sliceId());
        mutation.message(update.expires().map(expires -> "slice %d expires at %d".formatted(slice.sliceId(), expires))
                .orElse("slice %d updated".formatted(slice.sliceId())));
    }

    /**
     * A renewal must be in the future, for a site that may still have slices, at most 8 weeks
     * ahead unless an operator renews, and of a slice that says what it does.
     */
    private static void checkRenewal(Mutation mutation, Slices.SliceRecord slice, SliceUpdate update, long expires) {
        if (expires <= mutation.now()) {
            throw PlanetLabException.invalidArgument("slice_fields.expires: %d is not in the future (now is %d)"
                    .formatted(expires, mutation.now()));
        }
        if (expires <= slice.expires()) {
            return;
        }
        Sites.SiteRecord site = Sites.require(mutation.db(), slice.siteId());
        if (site.maxSlices() <= 0) {
            throw PlanetLabException.invalidArgument("slice creation and renewal are disabled for site " + site.loginBase());
        }
        long limit = mutation.now() + SliceApi.MAX_RENEWAL_SECONDS;
        if (!mutation.caller().isOperator() && expires > limit) {
            throw PlanetLabException.invalidArgument("slice_fields.expires: a slice may be renewed to at most 8 weeks"
                    + " from now (%d); ask PlanetLab support for longer".formatted(limit));
        }
        String description = update.description().isPresent() ? update.description().get().orElse(null)
                : slice.description();
        String url = update.url().isPresent() ? update.url().get().orElse(null) : slice.url();
        if (description == null || description.isBlank() || url == null || url.isBlank()) {
            throw PlanetLabException.invalidArgument(
                    "to renew slice " + slice.name() + " give it a description and a URL saying what it does");
        }
    }

    public void deleteSlice(Mutation mutation, SliceRef ref) {
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, ref.key());
        Slices.requireManager(mutation.db(), mutation.caller(), slice, "DeleteSlice");
        ForeignObjects.requireLocal(mutation.db(), ObjectType.SLICE, slice.sliceId(), "DeleteSlice");
        SliceRemoval.markDeleted(mutation, slice.sliceId());
        mutation.message("slice %d (%s) deleted".formatted(slice.sliceId(), slice.name()));
    }

    /** Starts a slice, unless operators stopped it and the caller is not one. */
    public void startSlice(Mutation mutation, SliceRef ref) {
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, ref.key());
        Slices.requireManager(mutation.db(), mutation.caller(), slice, "StartSlice");
        if (slice.stoppedByOperator() && !mutation.caller().isOperator()) {
            throw PlanetLabException.permissionDenied("slice " + slice.name()
                    + " was stopped by PlanetLab operators; contact PlanetLab support to have it started again");
        }
        Rows.update(mutation.db(), "slices", "slice_id", slice.sliceId(), Map.of("state", "started",
                "instantiation", "plc-instantiated", "stopped_by_operator", false));
        mutation.affected(ObjectType.SLICE, slice.sliceId());
        // Every node's view names the stopped slices (their tickets are refused anywhere).
        mutation.changes().affectsEveryNode();
        mutation.message("slice %s started".formatted(slice.name()));
    }

    /** Stops a slice; one stopped by an operator stays so marked until an operator starts it. */
    public void stopSlice(Mutation mutation, SliceRef ref) {
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, ref.key());
        Slices.requireManager(mutation.db(), mutation.caller(), slice, "StopSlice");
        boolean byOperator = mutation.caller().isOperator() || slice.stoppedByOperator();
        Rows.update(mutation.db(), "slices", "slice_id", slice.sliceId(), Map.of("state", "stopped",
                "stopped_by_operator", byOperator));
        mutation.affected(ObjectType.SLICE, slice.sliceId());
        mutation.changes().affectsEveryNode();
        mutation.message("slice %s stopped%s".formatted(slice.name(),
                mutation.caller().isOperator() ? " by an operator" : ""));
    }

    /** Marks every slice whose expiry time has passed as deleted; returns their ids. */
    public List<Long> expireSlices() {
        return mutations.run(Caller.INTERNAL, "ExpireSlices", List.of(), mutation -> {
            mutation.quietIfUnchanged();
            List<Long> expired = SliceRemoval.expire(mutation);
            mutation.message("slices " + expired + " expired");
            return expired;
        });
    }
}
