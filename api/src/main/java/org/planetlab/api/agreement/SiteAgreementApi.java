package org.planetlab.api.agreement;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.site.SiteApi;

/**
 * Site hosting agreements: a site that hosts nodes promises what seeds/hosting-requirements.txt
 * lists, and its PI creates slices only once an operator has recorded that the site signed.
 */
public final class SiteAgreementApi {
    private SiteAgreementApi() {}

    /** The version of the agreement text, as operators name it (e.g. 2026-1). */
    public static final StringType VERSION = StringType.matching(32, "[A-Za-z0-9][A-Za-z0-9._-]*",
            "1 to 32 letters, digits, dots, dashes or underscores, e.g. 2026-1");

    public static final StructType AGREEMENT = StructType.of("SiteAgreement",
            readOnly("site_id", IntType.ID, "the site"),
            readOnly("login_base", SiteApi.LOGIN_BASE, "the site's login base"),
            writable("signed_by", new NullableType(PersonApi.PERSON_REF), "the person of the site who signed it, normally its PI"),
            writable("version", VERSION, "which version of the agreement text was signed"),
            readOnly("signed_at", IntType.TIMESTAMP, "when it was recorded as signed"),
            readOnly("recorded_by", new NullableType(IntType.ID),
                    "the operator who recorded it; nil for sites that existed before agreements were recorded"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("RecordSiteAgreement").roles(ADMIN).mutates()
                    .param("site_id_or_login_base", SiteApi.SITE_REF, "the site")
                    .param("agreement_fields", AGREEMENT.writable().requiring("signed_by", "version"),
                            "who signed it for the site and which version")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Records that a site signed the hosting agreement: the signer must be a person of the"
                            + " site. It replaces the site's earlier agreement, if any. Until a site has one, its PI"
                            + " cannot create slices (AddSlice).")
                    .build(),
            MethodSpec.builder("GetSiteAgreements").roles(ADMIN, PI, TECH)
                    .optionalParam("site_ids_or_login_bases", ArrayType.of(SiteApi.SITE_REF),
                            "the sites; nil for every site the caller may see")
                    .returns(ArrayType.of(AGREEMENT), "the agreements in force, by site_id; a site without one is absent")
                    .help("Returns the hosting agreements in force: operators see every site's, a PI or tech only"
                            + " their own sites'.")
                    .build(),
            MethodSpec.builder("RevokeSiteAgreement").roles(ADMIN).mutates()
                    .param("site_id_or_login_base", SiteApi.SITE_REF, "the site")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Removes a site's hosting agreement: its PI cannot create new slices until one is"
                            + " recorded again; existing slices keep running.")
                    .build());
}
