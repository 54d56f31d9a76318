package org.planetlab.plc.initscript;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;

/** The init script methods: wire values in, an {@link InitScriptService} call, wire values out. */
public final class InitScriptMethods {
    private final InitScriptService initScripts;

    public InitScriptMethods(InitScriptService initScripts) {
        this.initScripts = requireNonNull(initScripts, "initScripts is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddInitScript", call -> initScripts.addInitScript(call.mutation(),
                        new InitScriptFields(call.structArg(0))))
                .bind("GetInitScripts", call -> QueryEngine.get(call.db(), InitScripts.TABLE,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1),
                        QueryEngine.Access.EVERYONE))
                .bind("UpdateInitScript", call -> {
                    initScripts.updateInitScript(call.mutation(), call.longArg(0),
                            new InitScriptFields(call.structArg(1)));
                    return 1L;
                })
                .bind("DeleteInitScript", call -> {
                    initScripts.deleteInitScript(call.mutation(), call.arg(0));
                    return 1L;
                });
    }
}
