package org.planetlab.plc.naming;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalLong;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;

/** AddNamingAuthority, GetNamingAuthorities, SetSiteNamingAuthority: wire values in, a service call, wire values out. */
public final class NamingAuthorityMethods {
    private final NamingAuthorityService authorities;

    public NamingAuthorityMethods(NamingAuthorityService authorities) {
        this.authorities = requireNonNull(authorities, "authorities is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddNamingAuthority", call -> authorities.addNamingAuthority(call.mutation(),
                        newAuthority(call.structArg(0))))
                .bind("GetNamingAuthorities", call -> QueryEngine.get(call.db(),
                        NamingAuthorityTables.NAMING_AUTHORITIES, (Filter) call.optionalArg(0).orElse(Filter.ALL),
                        call.returnFields(1), QueryEngine.Access.OPERATOR))
                .bind("SetSiteNamingAuthority", call -> {
                    authorities.setSiteNamingAuthority(call.mutation(), call.arg(0), call.arg(1));
                    return 1L;
                });
    }

    private static NewNamingAuthority newAuthority(Map<String, Object> fields) {
        return new NewNamingAuthority((String) fields.get("hrn"), (String) fields.get("name"),
                fields.get("person_id") instanceof Long personId ? OptionalLong.of(personId) : OptionalLong.empty());
    }
}
