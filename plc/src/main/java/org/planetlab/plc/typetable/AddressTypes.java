package org.planetlab.plc.typetable;

import static java.util.Objects.requireNonNull;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.typetable.AddressTypeApi;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.Rows;

/**
 * Address types and the types of site addresses. Deleting a type takes it from the addresses
 * that had it, as the original did; PLC itself acts on no address type.
 */
public final class AddressTypes {
    public static final ObjectTable TABLE = ObjectTable.builder(AddressTypeApi.ADDRESS_TYPE, "address_types",
                    "address_type_id")
            .name("t.name", UnaryOperator.identity())
            .plain(INTEGER, "address_type_id")
            .plain(TEXT, "name", "description")
            .build();

    /** Fields of an address type to set; an empty Optional leaves one as it is. */
    public record Fields(Optional<String> name, Optional<Optional<String>> description) {
        public Fields {
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
        }
    }

    public long add(Mutation mutation, Fields fields) {
        String name = fields.name().orElseThrow(() ->
                PlanetLabException.invalidArgument("address_type_fields: name is required"));
        requireFree(mutation.db(), name, -1);
        long id = Database.nextId(mutation.db(), "address_types");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("address_type_id", id);
        row.put("name", name);
        row.put("description", fields.description().flatMap(value -> value).orElse(null));
        Rows.insert(mutation.db(), "address_types", row);
        mutation.affected(ObjectType.ADDRESS_TYPE, id);
        return id;
    }

    public void update(Mutation mutation, Object idOrName, Fields fields) {
        long id = require(mutation.db(), idOrName);
        fields.name().ifPresent(name -> requireFree(mutation.db(), name, id));
        Map<String, Object> columns = new LinkedHashMap<>();
        fields.name().ifPresent(name -> columns.put("name", name));
        fields.description().ifPresent(description -> columns.put("description", description.orElse(null)));
        Rows.update(mutation.db(), "address_types", "address_type_id", id, columns);
        mutation.affected(ObjectType.ADDRESS_TYPE, id);
    }

    public void delete(Mutation mutation, Object idOrName) {
        long id = require(mutation.db(), idOrName);
        Map<String, Object> parameters = Map.of("id", id);
        Rows.execute(mutation.db(), "DELETE FROM address_address_types WHERE address_type_id = :id", parameters);
        Rows.execute(mutation.db(), "DELETE FROM address_types WHERE address_type_id = :id", parameters);
        mutation.affected(ObjectType.ADDRESS_TYPE, id);
    }

    /** Gives the address the type (or takes it away); a PI only at their own sites. */
    public void change(Mutation mutation, Object idOrName, long addressId, boolean add, String action) {
        long typeId = require(mutation.db(), idOrName);
        long siteId = mutation.db().createQuery("SELECT a.site_id FROM addresses a JOIN sites s ON s.site_id ="
                        + " a.site_id AND s.deleted = FALSE WHERE a.address_id = :id")
                .bind("id", addressId).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("address_id: no address with address_id " + addressId));
        Permissions.requireSite(mutation.caller(), siteId, action);
        Map<String, Object> link = Map.of("address", addressId, "type", typeId);
        boolean has = mutation.db().createQuery("SELECT COUNT(*) FROM address_address_types WHERE address_id ="
                + " :address AND address_type_id = :type").bindMap(link).mapTo(Long.class).one() > 0;
        if (add && !has) {
            Rows.insert(mutation.db(), "address_address_types", Map.of("address_id", addressId,
                    "address_type_id", typeId));
        } else if (!add && has) {
            Rows.execute(mutation.db(), "DELETE FROM address_address_types WHERE address_id = :address"
                    + " AND address_type_id = :type", link);
        }
        mutation.affected(ObjectType.ADDRESS, addressId);
    }

    private static long require(Handle handle, Object idOrName) {
        String column = idOrName instanceof Long ? "address_type_id" : "name";
        return handle.createQuery("SELECT address_type_id FROM address_types WHERE " + column + " = :ref")
                .bind("ref", idOrName).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound(idOrName instanceof Long id
                        ? "address_type_id_or_name: no address type with address_type_id " + id
                        : "address_type_id_or_name: no address type named \"" + idOrName + "\""));
    }

    private static void requireFree(Handle handle, String name, long except) {
        boolean taken = handle.createQuery("SELECT COUNT(*) FROM address_types WHERE name = :name"
                + " AND address_type_id <> :except").bind("name", name).bind("except", except).mapTo(Long.class)
                .one() > 0;
        if (taken) {
            throw PlanetLabException.alreadyExists("address_type_fields.name: an address type named \"" + name
                    + "\" exists already");
        }
    }
}
