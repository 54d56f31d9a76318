package org.planetlab.api.naming;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.site.SiteApi;

/**
 * Naming authorities (Architecture §4.4): the authorities directly under the root that one PLC
 * names sites, persons and slices for, such as {@code plc} (PLC's own) and {@code ple}. A site
 * belongs to one of them, and its slices and persons are named under it: the slice
 * {@code inria_demo} of a site under {@code ple} is {@code ple.inria.demo}. Login bases stay
 * unique across authorities, so PLCAPI names do not change.
 */
public final class NamingAuthorityApi {
    private NamingAuthorityApi() {}

    /** One level under the root: GENI URNs spell it as their first authority part. */
    public static final StringType HRN = StringType.matching(32, "[a-z][a-z0-9]*",
            "1 to 32 lowercase letters and digits, starting with a letter, e.g. ple");
    /** PLC's own authority may be dotted (its slice-authority setting, e.g. plc.japan). */
    public static final StringType ANY_HRN = StringType.matching(64, "[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*",
            "dot-separated lowercase names, e.g. ple or plc");
    public static final MixedType AUTHORITY_REF = MixedType.of(IntType.ID, ANY_HRN);

    public static final StructType NAMING_AUTHORITY = StructType.of("NamingAuthority",
            readOnly("naming_authority_id", IntType.ID, "naming authority identifier"),
            writable("hrn", HRN, "the authority's name, the first part of its sites' hierarchical names"),
            writable("name", StringType.nonEmpty(254), "who the authority is, e.g. PlanetLab Europe"),
            writable("person_id", new NullableType(IntType.ID), "the operator who answers for it"),
            readOnly("is_own", BoolType.INSTANCE, "whether it is PLC's own authority (slice-authority)"),
            readOnly("date_created", IntType.TIMESTAMP, "when it was added"),
            readOnly("site_ids", ArrayType.of(IntType.ID), "the sites named under it"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddNamingAuthority").roles(ADMIN).mutates()
                    .param("authority_fields", NAMING_AUTHORITY.writable().requiring("hrn", "name"), "the authority")
                    .returns(IntType.ID, "the new naming_authority_id")
                    .help("Adds a naming authority under the root (e.g. ple), whose sites, persons and slices this"
                            + " PLC names: a site put under it with SetSiteNamingAuthority has slices named"
                            + " ple.<login_base>.<name> and URNs urn:publicid:IDN+ple:<login_base>+slice+<name>.")
                    .build(),
            MethodSpec.builder("GetNamingAuthorities").roles(ADMIN)
                    .optionalParam("authority_filter", new FilterType(NAMING_AUTHORITY, "naming_authority_id", "hrn"),
                            "naming_authority_ids, hrns or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(NAMING_AUTHORITY), "the matching naming authorities")
                    .help("Returns the naming authorities of this PLC, its own first.")
                    .build(),
            MethodSpec.builder("SetSiteNamingAuthority").roles(ADMIN).mutates()
                    .param("site_id_or_login_base", SiteApi.SITE_REF, "the site")
                    .param("authority_id_or_hrn", AUTHORITY_REF, "the naming authority")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Puts a site under a naming authority. Its slices' names would change, so the site must"
                            + " have no live slices; a foreign site keeps its peer's naming. Nodes create slivers only"
                            + " of slices under the authority they know this PLC by, so a site under another"
                            + " authority has no slivers yet (docs/federation.md).")
                    .build());
}
