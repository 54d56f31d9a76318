package org.planetlab.plc.naming;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.foreign.ForeignObjects;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Management authorities (Architecture §2.4), the nodes under them and the authority policies
 * that say which slice authorities' slices their nodes run ({@link AuthorityPolicies}). Only
 * operators change them; every input is checked before anything is written.
 */
public final class ManagementAuthorityService {
    private final MutationPath mutations;

    public ManagementAuthorityService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    /** A foreign authority's policy as its {@code trusted_roots/<name>.policy} file gives it. */
    public record FilePolicy(String sliceAuthority, String file, List<String> nodeGroups, Optional<Long> maxSlivers) {}

    public long addManagementAuthority(Caller caller, Map<String, Object> fields) {
        return mutations.run(caller, "AddManagementAuthority", List.of(String.valueOf(fields.get("hrn"))),
                mutation -> addManagementAuthority(mutation, fields));
    }

    @SuppressWarnings("unchecked")
    public long addManagementAuthority(Mutation mutation, Map<String, Object> fields) {
        Permissions.requireOperator(mutation.caller(), "AddManagementAuthority");
        String hrn = (String) fields.get("hrn");
        if (hrn == null || !hrn.matches("[a-z][a-z0-9]{0,31}")) {
            throw PlanetLabException.invalidArgument("management authority \"" + hrn
                    + "\": 1 to 32 lowercase letters and digits, starting with a letter");
        }
        ManagementAuthorities.find(mutation.db(), hrn).ifPresent(existing -> {
            throw PlanetLabException.alreadyExists("a management authority named " + hrn
                    + " already exists (management_authority_id " + existing.managementAuthorityId() + ")");
        });
        List<Long> persons = livePersons(mutation.db(), (List<Object>) fields.getOrDefault("person_ids", List.of()));
        long id = Database.nextId(mutation.db(), "management_authorities");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("management_authority_id", id);
        row.put("hrn", hrn);
        row.put("name", fields.get("name"));
        row.put("is_own", false);
        row.put("date_created", mutation.now());
        Rows.insert(mutation.db(), "management_authorities", row);
        setPersons(mutation.db(), id, persons);
        mutation.affected(ObjectType.MANAGEMENT_AUTHORITY, id);
        mutation.message("management authority %d (%s) added".formatted(id, hrn));
        return id;
    }

    @SuppressWarnings("unchecked")
    public void updateManagementAuthority(Mutation mutation, Object ref, Map<String, Object> fields) {
        Permissions.requireOperator(mutation.caller(), "UpdateManagementAuthority");
        ManagementAuthorities.AuthorityRecord authority = ManagementAuthorities.require(mutation.db(), ref);
        Optional<List<Long>> persons = fields.containsKey("person_ids")
                ? Optional.of(livePersons(mutation.db(), (List<Object>) fields.get("person_ids"))) : Optional.empty();
        if (fields.containsKey("name")) {
            Rows.update(mutation.db(), "management_authorities", "management_authority_id",
                    authority.managementAuthorityId(), Map.of("name", fields.get("name")));
        }
        persons.ifPresent(ids -> setPersons(mutation.db(), authority.managementAuthorityId(), ids));
        mutation.affected(ObjectType.MANAGEMENT_AUTHORITY, authority.managementAuthorityId());
        mutation.message("management authority %d (%s) updated".formatted(authority.managementAuthorityId(), authority.hrn()));
    }

    public void deleteManagementAuthority(Mutation mutation, Object ref) {
        Permissions.requireOperator(mutation.caller(), "DeleteManagementAuthority");
        ManagementAuthorities.AuthorityRecord authority = ManagementAuthorities.require(mutation.db(), ref);
        long id = authority.managementAuthorityId();
        if (authority.isOwn()) {
            throw PlanetLabException.invalidArgument("management authority " + authority.hrn()
                    + " is PLC's own; it manages every node not put under another and cannot be deleted");
        }
        List<String> nodes = mutation.db().createQuery("SELECT hostname FROM nodes WHERE management_authority_id = :id"
                + " AND deleted = FALSE ORDER BY node_id").bind("id", id).mapTo(String.class).list();
        if (!nodes.isEmpty()) {
            throw new PlanetLabException(ErrorCode.IN_USE, "management authority " + authority.hrn() + " manages nodes "
                    + nodes + "; put them under another with SetNodeManagementAuthority first");
        }
        List<Long> policies = mutation.db().createQuery("SELECT authority_policy_id FROM authority_policies"
                + " WHERE management_authority_id = :id ORDER BY authority_policy_id").bind("id", id).mapTo(Long.class).list();
        if (!policies.isEmpty()) {
            throw new PlanetLabException(ErrorCode.IN_USE, "management authority " + authority.hrn()
                    + " is named by the authority policies " + policies + "; delete them first");
        }
        Map<String, Object> parameters = Map.of("id", id);
        Rows.execute(mutation.db(), "UPDATE nodes SET management_authority_id = NULL WHERE management_authority_id = :id",
                parameters);
        Rows.execute(mutation.db(), "DELETE FROM management_authority_persons WHERE management_authority_id = :id", parameters);
        Rows.execute(mutation.db(), "DELETE FROM management_authorities WHERE management_authority_id = :id", parameters);
        mutation.affected(ObjectType.MANAGEMENT_AUTHORITY, id);
        mutation.message("management authority %d (%s) deleted".formatted(id, authority.hrn()));
    }

    /** Puts a node (by id or host name) under a management authority (by id or hrn). */
    public void setNodeManagementAuthority(Mutation mutation, Object nodeRef, Object authorityRef) {
        Permissions.requireOperator(mutation.caller(), "SetNodeManagementAuthority");
        Nodes.NodeRecord node = Nodes.require(mutation.db(), nodeRef);
        ForeignObjects.requireLocal(mutation.db(), ObjectType.NODE, node.nodeId(), "SetNodeManagementAuthority");
        ManagementAuthorities.AuthorityRecord authority = ManagementAuthorities.require(mutation.db(), authorityRef);
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("management_authority_id", authority.isOwn() ? null : authority.managementAuthorityId());
        Rows.update(mutation.db(), "nodes", "node_id", node.nodeId(), columns);
        mutation.affected(ObjectType.NODE, node.nodeId());
        mutation.affected(ObjectType.MANAGEMENT_AUTHORITY, authority.managementAuthorityId());
        mutation.message("node %d (%s) managed by %s".formatted(node.nodeId(), node.hostname(), authority.hrn()));
    }

    @SuppressWarnings("unchecked")
    public long addAuthorityPolicy(Mutation mutation, Map<String, Object> fields) {
        Permissions.requireOperator(mutation.caller(), "AddAuthorityPolicy");
        String sa = (String) fields.get("slice_authority");
        requireSliceAuthority(mutation.db(), sa);
        ManagementAuthorities.AuthorityRecord authority = ManagementAuthorities.require(mutation.db(),
                fields.get("management_authority_id"));
        List<Long> groups = nodeGroups(mutation.db(), (List<Object>) fields.getOrDefault("nodegroup_ids", List.of()));
        mutation.db().createQuery("SELECT authority_policy_id, policy_file FROM authority_policies WHERE slice_authority"
                        + " = :sa AND management_authority_id = :ma")
                .bind("sa", sa).bind("ma", authority.managementAuthorityId()).mapToMap().findOne().ifPresent(existing -> {
                    Object file = existing.get("policy_file");
                    throw PlanetLabException.alreadyExists("slice authority " + sa + " already has a policy on management"
                            + " authority " + authority.hrn() + " (authority_policy_id " + existing.get("authority_policy_id")
                            + (file == null ? "" : ", from " + file) + ")");
                });
        long id = Database.nextId(mutation.db(), "authority_policies");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("authority_policy_id", id);
        row.put("slice_authority", sa);
        row.put("management_authority_id", authority.managementAuthorityId());
        row.put("max_slivers", fields.get("max_slivers"));
        row.put("policy_file", null);
        row.put("date_created", mutation.now());
        Rows.insert(mutation.db(), "authority_policies", row);
        setNodeGroups(mutation.db(), id, groups);
        mutation.affected(ObjectType.AUTHORITY_POLICY, id);
        mutation.message("authority policy %d: slices of %s on the nodes of %s".formatted(id, sa, authority.hrn()));
        return id;
    }

    @SuppressWarnings("unchecked")
    public void updateAuthorityPolicy(Mutation mutation, long id, Map<String, Object> fields) {
        Permissions.requireOperator(mutation.caller(), "UpdateAuthorityPolicy");
        requireKeptHere(mutation.db(), id, "UpdateAuthorityPolicy");
        Optional<List<Long>> groups = fields.containsKey("nodegroup_ids")
                ? Optional.of(nodeGroups(mutation.db(), (List<Object>) fields.get("nodegroup_ids"))) : Optional.empty();
        if (fields.containsKey("max_slivers")) {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("max_slivers", fields.get("max_slivers"));
            Rows.update(mutation.db(), "authority_policies", "authority_policy_id", id, columns);
        }
        groups.ifPresent(ids -> setNodeGroups(mutation.db(), id, ids));
        mutation.affected(ObjectType.AUTHORITY_POLICY, id);
        mutation.message("authority policy %d updated".formatted(id));
    }

    public void deleteAuthorityPolicy(Mutation mutation, long id) {
        Permissions.requireOperator(mutation.caller(), "DeleteAuthorityPolicy");
        requireKeptHere(mutation.db(), id, "DeleteAuthorityPolicy");
        Map<String, Object> parameters = Map.of("id", id);
        Rows.execute(mutation.db(), "DELETE FROM authority_policy_nodegroups WHERE authority_policy_id = :id", parameters);
        Rows.execute(mutation.db(), "DELETE FROM authority_policies WHERE authority_policy_id = :id", parameters);
        mutation.affected(ObjectType.AUTHORITY_POLICY, id);
        mutation.message("authority policy %d deleted".formatted(id));
    }

    /**
     * Makes the policies read from foreign authorities' {@code trusted_roots/<name>.policy} files
     * the rows of their pairs (slice authority {@code <name>}, PLC's own management authority),
     * replacing those of an earlier start; a file naming a node group PLC does not have, or a pair
     * an operator already set with AddAuthorityPolicy, is refused with the file named.
     */
    public static void replaceFilePolicies(Handle handle, List<FilePolicy> policies, long now) {
        List<Long> previous = handle.createQuery("SELECT authority_policy_id FROM authority_policies"
                + " WHERE policy_file IS NOT NULL").mapTo(Long.class).list();
        for (long id : previous) {
            Rows.execute(handle, "DELETE FROM authority_policy_nodegroups WHERE authority_policy_id = :id", Map.of("id", id));
            Rows.execute(handle, "DELETE FROM authority_policies WHERE authority_policy_id = :id", Map.of("id", id));
        }
        long own = ManagementAuthorities.own(handle).managementAuthorityId();
        for (FilePolicy policy : policies) {
            List<Long> groups = new ArrayList<>();
            for (String name : policy.nodeGroups()) {
                groups.add(handle.createQuery("SELECT nodegroup_id FROM nodegroups WHERE groupname = :name")
                        .bind("name", name).mapTo(Long.class).findOne()
                        .orElseThrow(() -> PlanetLabException.invalidArgument(policy.file() + ": node-groups names \""
                                + name + "\", which is no node group of this PLC (GetNodeGroups lists them)")));
            }
            handle.createQuery("SELECT authority_policy_id FROM authority_policies WHERE slice_authority = :sa"
                            + " AND management_authority_id = :ma").bind("sa", policy.sliceAuthority()).bind("ma", own)
                    .mapTo(Long.class).findOne().ifPresent(existing -> {
                        throw PlanetLabException.invalidArgument(policy.file() + " sets the policy of " + policy.sliceAuthority()
                                + " on PLC's nodes, which authority_policy_id " + existing + " already sets; keep one of them");
                    });
            long id = Database.nextId(handle, "authority_policies");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("authority_policy_id", id);
            row.put("slice_authority", policy.sliceAuthority());
            row.put("management_authority_id", own);
            row.put("max_slivers", policy.maxSlivers().orElse(null));
            row.put("policy_file", policy.file());
            row.put("date_created", now);
            Rows.insert(handle, "authority_policies", row);
            setNodeGroups(handle, id, groups);
        }
    }

    private static void requireKeptHere(Handle handle, long id, String action) {
        Map<String, Object> row = handle.createQuery("SELECT authority_policy_id, policy_file FROM authority_policies"
                        + " WHERE authority_policy_id = :id").bind("id", id).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no authority policy with authority_policy_id " + id));
        if (row.get("policy_file") != null) {
            throw PlanetLabException.invalidArgument(action + ": authority policy " + id + " is read from "
                    + row.get("policy_file") + " at start; change that file instead");
        }
    }

    private static void requireSliceAuthority(Handle handle, String sa) {
        boolean hosted = NamingAuthorities.find(handle, sa).isPresent();
        boolean peer = handle.createQuery("SELECT COUNT(*) FROM peers WHERE deleted = FALSE"
                + " AND COALESCE(hrn_root, peername) = :sa").bind("sa", sa).mapTo(Long.class).one() > 0;
        if (!hosted && !peer) {
            throw PlanetLabException.invalidArgument("slice authority \"" + sa + "\" is neither a naming authority of"
                    + " this PLC (GetNamingAuthorities) nor a peer's (GetPeers: its hrn_root, else its peername)");
        }
    }

    private static List<Long> livePersons(Handle handle, List<Object> ids) {
        List<Long> persons = new ArrayList<>(new LinkedHashSet<>(ids.stream().map(id -> (Long) id).toList()));
        for (long id : persons) {
            long live = handle.createQuery("SELECT COUNT(*) FROM persons WHERE person_id = :id AND deleted = FALSE")
                    .bind("id", id).mapTo(Long.class).one();
            if (live == 0) {
                throw PlanetLabException.invalidArgument("person_ids: no person with person_id " + id);
            }
            long local = handle.createQuery("SELECT COUNT(*) FROM persons WHERE person_id = :id AND peer_id IS NULL")
                    .bind("id", id).mapTo(Long.class).one();
            if (local == 0) {
                throw PlanetLabException.invalidArgument("person_ids: person " + id + " is a peer's; the persons who"
                        + " answer for a management authority of this PLC are its own");
            }
        }
        return persons;
    }

    private static List<Long> nodeGroups(Handle handle, List<Object> ids) {
        List<Long> groups = new ArrayList<>(new LinkedHashSet<>(ids.stream().map(id -> (Long) id).toList()));
        for (long id : groups) {
            long found = handle.createQuery("SELECT COUNT(*) FROM nodegroups WHERE nodegroup_id = :id")
                    .bind("id", id).mapTo(Long.class).one();
            if (found == 0) {
                throw PlanetLabException.invalidArgument("nodegroup_ids: no node group with nodegroup_id " + id);
            }
        }
        return groups;
    }

    private static void setPersons(Handle handle, long id, List<Long> persons) {
        Rows.execute(handle, "DELETE FROM management_authority_persons WHERE management_authority_id = :id", Map.of("id", id));
        for (long person : persons) {
            Rows.insert(handle, "management_authority_persons", Map.of("management_authority_id", id, "person_id", person));
        }
    }

    private static void setNodeGroups(Handle handle, long id, List<Long> groups) {
        Rows.execute(handle, "DELETE FROM authority_policy_nodegroups WHERE authority_policy_id = :id", Map.of("id", id));
        for (long group : groups) {
            Rows.insert(handle, "authority_policy_nodegroups", Map.of("authority_policy_id", id, "nodegroup_id", group));
        }
    }
}
