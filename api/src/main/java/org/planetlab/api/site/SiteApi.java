package org.planetlab.api.site;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.ANONYMOUS;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.DoubleType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/** Sites (organizations that contribute nodes and own slices) and their postal addresses. */
public final class SiteApi {
    private SiteApi() {}

    public static final StringType LOGIN_BASE = StringType.matching(20, "[a-z0-9]+",
            "1 to 20 lowercase letters and digits; it prefixes the site's slice names");
    public static final StringType URL = StringType.matching(254, "https?://[^\\s]+",
            "an http:// or https:// URL");
    public static final StringType CIDR = StringType.matching(64,
            "[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}|[0-9A-Fa-f:]+/[0-9]{1,3}",
            "a network prefix such as 128.112.0.0/16");
    public static final MixedType SITE_REF = MixedType.of(IntType.ID, LOGIN_BASE);

    public static final StructType SITE = StructType.of("Site",
            readOnly("site_id", IntType.ID, "site identifier"),
            writable("login_base", LOGIN_BASE, "short unique name; prefix of the site's slice names"),
            writable("name", StringType.nonEmpty(254), "full name"),
            writable("abbreviated_name", StringType.nonEmpty(50), "abbreviated name"),
            writable("url", new NullableType(URL), "home page"),
            writable("latitude", new NullableType(new DoubleType(-90, 90)), "latitude in degrees"),
            writable("longitude", new NullableType(new DoubleType(-180, 180)), "longitude in degrees"),
            writable("max_slices", IntType.NON_NEGATIVE, "most live slices the site may have"),
            writable("max_slivers", IntType.NON_NEGATIVE, "most slivers the site's slices may have in all"),
            writable("is_public", BoolType.INSTANCE, "whether the site is listed publicly"),
            writable("enabled", BoolType.INSTANCE, "whether the site may create slices"),
            writable("subnets", new ArrayType(CIDR, 64), "network prefixes the site's nodes live in"),
            readOnly("date_created", IntType.TIMESTAMP, "when the site was added"),
            readOnly("last_updated", IntType.TIMESTAMP, "when the site last changed"),
            readOnly("person_ids", ArrayType.of(IntType.ID), "persons at the site"),
            readOnly("pi_ids", ArrayType.of(IntType.ID), "principal investigators at the site"),
            readOnly("tech_ids", ArrayType.of(IntType.ID), "technical contacts at the site"),
            readOnly("node_ids", ArrayType.of(IntType.ID), "the site's nodes"),
            readOnly("slice_ids", ArrayType.of(IntType.ID), "the site's live slices"),
            readOnly("address_ids", ArrayType.of(IntType.ID), "the site's addresses"),
            readOnly("pcu_ids", ArrayType.of(IntType.ID), "the site's power control units"),
            readOnly("peer_id", new NullableType(IntType.ID), "the peer the site was pulled from (GetPeers); nil for this PLC's own"),
            readOnly("peer_site_id", new NullableType(IntType.ID), "the peer's site_id for it; nil for this PLC's own"),
            readOnly("naming_authority", StringType.max(64),
                    "the naming authority its slices and persons are named under (GetNamingAuthorities)"));

    public static final StructType ADDRESS = StructType.of("Address",
            readOnly("address_id", IntType.ID, "address identifier"),
            readOnly("site_id", IntType.ID, "site the address belongs to"),
            writable("line1", StringType.nonEmpty(254), "first line"),
            writable("line2", new NullableType(StringType.max(254)), "second line"),
            writable("line3", new NullableType(StringType.max(254)), "third line"),
            writable("city", StringType.nonEmpty(254), "city"),
            writable("state", StringType.max(254), "state or province"),
            writable("postalcode", StringType.max(64), "postal code"),
            writable("country", StringType.nonEmpty(128), "country"),
            readOnly("last_updated", IntType.TIMESTAMP, "when the address last changed"),
            readOnly("address_type_ids", ArrayType.of(IntType.ID), "its address types (AddAddressTypeToAddress)"),
            readOnly("address_types", ArrayType.of(StringType.max(20)), "names of those types"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddSite").roles(ADMIN).mutates()
                    .param("site_fields", SITE.writable().requiring("login_base", "name", "abbreviated_name"),
                            "the new site")
                    .returns(IntType.ID, "the new site_id")
                    .help("Adds a site (an organization that joins PlanetLab through an off-line agreement)."
                            + " Unless given, max_slices is 10, max_slivers 1000, is_public and enabled true.")
                    .build(),
            MethodSpec.builder("GetSites").roles(ADMIN, PI, USER, TECH, NODE, ANONYMOUS)
                    .optionalParam("site_filter", new FilterType(SITE, "site_id", "login_base"),
                            "site_ids, login_bases or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(SITE), "the matching sites")
                    .help("Returns sites. Sites are public information.")
                    .build(),
            MethodSpec.builder("UpdateSite").roles(ADMIN, PI).mutates()
                    .param("site_id_or_login_base", SITE_REF, "the site")
                    .param("site_fields", SITE.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a site. A PI may change only their own sites, and not login_base,"
                            + " max_slices or max_slivers, which operators set.")
                    .build(),
            MethodSpec.builder("DeleteSite").roles(ADMIN).mutates()
                    .param("site_id_or_login_base", SITE_REF, "the site")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a site with its nodes, slices, addresses and PCUs, and removes its persons"
                            + " from it. Records are kept, marked deleted, for audit.")
                    .build(),
            MethodSpec.builder("AddSiteAddress").roles(ADMIN, PI).mutates()
                    .param("site_id_or_login_base", SITE_REF, "the site")
                    .param("address_fields", ADDRESS.writable().requiring("line1", "city", "country"), "the address")
                    .returns(IntType.ID, "the new address_id")
                    .help("Adds a postal address to a site. A PI may add addresses only to their own sites.")
                    .build(),
            MethodSpec.builder("GetAddresses").roles(ADMIN, PI, USER, TECH, NODE)
                    .optionalParam("address_filter", new FilterType(ADDRESS, "address_id", null),
                            "address_ids or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(ADDRESS), "the matching addresses")
                    .help("Returns site addresses.")
                    .build(),
            MethodSpec.builder("UpdateAddress").roles(ADMIN, PI).mutates()
                    .param("address_id", IntType.ID, "the address")
                    .param("address_fields", ADDRESS.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes an address. A PI may change only their own sites' addresses.")
                    .build(),
            MethodSpec.builder("DeleteAddress").roles(ADMIN, PI).mutates()
                    .param("address_id", IntType.ID, "the address")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes an address. A PI may delete only their own sites' addresses.")
                    .build());
}
