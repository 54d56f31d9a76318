package org.planetlab.plc.naming;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;

/** The management authority and authority policy methods: wire values in, a service call, wire values out. */
public final class ManagementAuthorityMethods {
    private final ManagementAuthorityService authorities;

    public ManagementAuthorityMethods(ManagementAuthorityService authorities) {
        this.authorities = requireNonNull(authorities, "authorities is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddManagementAuthority", call -> authorities.addManagementAuthority(call.mutation(), call.structArg(0)))
                .bind("GetManagementAuthorities", call -> QueryEngine.get(call.db(),
                        ManagementAuthorityTables.MANAGEMENT_AUTHORITIES, (Filter) call.optionalArg(0).orElse(Filter.ALL),
                        call.returnFields(1), QueryEngine.Access.OPERATOR))
                .bind("UpdateManagementAuthority", call -> {
                    authorities.updateManagementAuthority(call.mutation(), call.arg(0), call.structArg(1));
                    return 1L;
                })
                .bind("DeleteManagementAuthority", call -> {
                    authorities.deleteManagementAuthority(call.mutation(), call.arg(0));
                    return 1L;
                })
                .bind("SetNodeManagementAuthority", call -> {
                    authorities.setNodeManagementAuthority(call.mutation(), call.arg(0), call.arg(1));
                    return 1L;
                })
                .bind("AddAuthorityPolicy", call -> authorities.addAuthorityPolicy(call.mutation(), call.structArg(0)))
                .bind("GetAuthorityPolicies", call -> QueryEngine.get(call.db(),
                        ManagementAuthorityTables.AUTHORITY_POLICIES, (Filter) call.optionalArg(0).orElse(Filter.ALL),
                        call.returnFields(1), QueryEngine.Access.OPERATOR))
                .bind("UpdateAuthorityPolicy", call -> {
                    authorities.updateAuthorityPolicy(call.mutation(), call.longArg(0), call.structArg(1));
                    return 1L;
                })
                .bind("DeleteAuthorityPolicy", call -> {
                    authorities.deleteAuthorityPolicy(call.mutation(), call.longArg(0));
                    return 1L;
                });
    }
}
