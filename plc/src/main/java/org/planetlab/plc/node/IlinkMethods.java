package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;

/** The ilink methods: wire values in, an {@link IlinkService} call, wire values out. */
public final class IlinkMethods {
    private final IlinkService ilinks;

    public IlinkMethods(IlinkService ilinks) {
        this.ilinks = requireNonNull(ilinks, "ilinks is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddIlink", call -> ilinks.addIlink(call.mutation(), call.longArg(0), call.longArg(1),
                        call.arg(2), call.stringArg(3)))
                .bind("GetIlinks", call -> QueryEngine.get(call.db(), IlinkService.TABLE,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1),
                        QueryEngine.Access.EVERYONE))
                .bind("UpdateIlink", call -> {
                    ilinks.updateIlink(call.mutation(), call.longArg(0), call.stringArg(1));
                    return 1L;
                })
                .bind("DeleteIlink", call -> {
                    ilinks.deleteIlink(call.mutation(), call.longArg(0));
                    return 1L;
                });
    }
}
