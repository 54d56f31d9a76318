package org.planetlab.plc.agreement;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.planetlab.plc.api.MethodRegistry;

/** RecordSiteAgreement, GetSiteAgreements, RevokeSiteAgreement: thin adapters over {@link SiteAgreementService}. */
public final class SiteAgreementMethods {
    private final SiteAgreementService agreements;

    public SiteAgreementMethods(SiteAgreementService agreements) {
        this.agreements = requireNonNull(agreements, "agreements is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("RecordSiteAgreement", call -> {
                    Map<String, Object> fields = call.structArg(1);
                    agreements.record(call.mutation(), call.arg(0), fields.get("signed_by"), (String) fields.get("version"));
                    return 1L;
                })
                .bind("GetSiteAgreements", call -> agreements.agreements(call.db(), call.caller(),
                                call.optionalArg(0).map(present -> call.listArg(0)).orElse(List.of()))
                        .stream().map(SiteAgreement::toWire).toList())
                .bind("RevokeSiteAgreement", call -> {
                    agreements.revoke(call.mutation(), call.arg(0));
                    return 1L;
                });
    }
}
