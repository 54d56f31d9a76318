package org.planetlab.api.sliver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The reservation part of GetSlivers' wire form, with PLCAPI's field names: {@code
 * reservation_policy} and {@code leases}, each lease {lease_id, name, hrn, t_from, t_until}. An
 * authority that sends neither has no reservable nodes.
 */
final class ReservationsWire {
    static final String POLICY = "reservation_policy";
    static final String LEASES = "leases";
    private static final String LEASE_ID = "lease_id";
    private static final String NAME = "name";
    private static final String HRN = "hrn";
    private static final String FROM = "t_from";
    private static final String UNTIL = "t_until";

    private ReservationsWire() {}

    static void write(Reservations reservations, Map<String, Object> wire) {
        wire.put(POLICY, reservations.policy());
        List<Object> leases = new ArrayList<>(reservations.leases().size());
        for (Reservations.Lease lease : reservations.leases()) {
            Map<String, Object> entry = new LinkedHashMap<>(8);
            entry.put(LEASE_ID, lease.leaseId());
            entry.put(NAME, lease.name());
            entry.put(HRN, lease.hrn());
            entry.put(FROM, lease.from());
            entry.put(UNTIL, lease.until());
            leases.add(Collections.unmodifiableMap(entry));
        }
        wire.put(LEASES, Collections.unmodifiableList(leases));
    }

    static Reservations read(Map<?, ?> wire) {
        if (wire.get(POLICY) == null) {
            return Reservations.UNRESERVED;
        }
        if (!(wire.get(POLICY) instanceof String policy)) {
            throw malformed(POLICY + " must be a string");
        }
        if (!(wire.get(LEASES) instanceof List<?> list)) {
            throw malformed(LEASES + " must be an array when " + POLICY + " is given");
        }
        List<Reservations.Lease> leases = new ArrayList<>(list.size());
        for (int index = 0; index < list.size(); index++) {
            String path = LEASES + "[" + index + "].";
            if (!(list.get(index) instanceof Map<?, ?> lease)) {
                throw malformed(LEASES + "[" + index + "] must be a struct");
            }
            try {
                leases.add(new Reservations.Lease(number(lease, LEASE_ID, path), text(lease, NAME, path), text(lease, HRN, path),
                        number(lease, FROM, path), number(lease, UNTIL, path)));
            } catch (IllegalArgumentException e) {
                throw malformed(path + " " + e.getMessage());
            }
        }
        try {
            return new Reservations(policy, leases);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    private static long number(Map<?, ?> wire, String field, String path) {
        if (!(wire.get(field) instanceof Number number)) {
            throw malformed(path + field + " must be a whole number");
        }
        return number.longValue();
    }

    private static String text(Map<?, ?> wire, String field, String path) {
        if (!(wire.get(field) instanceof String text)) {
            throw malformed(path + field + " must be a string");
        }
        return text;
    }

    private static PlanetLabException malformed(String what) {
        return new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "GetSlivers answer: " + what
                + "; the slice authority speaks a different GetSlivers than this node");
    }
}
