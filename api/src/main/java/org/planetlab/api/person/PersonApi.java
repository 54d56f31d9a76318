package org.planetlab.api.person;

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
import org.planetlab.api.schema.Field;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.site.SiteApi;

/** Persons (principals), their roles, their sites, registration and approval. */
public final class PersonApi {
    private PersonApi() {}

    /**
     * The local part takes every character RFC 5322 allows unquoted (an apostrophe, as in
     * o'brien@example.org, among them) and dots anywhere, as before; the domain is host names.
     */
    public static final StringType EMAIL = StringType.matching(254,
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,63}",
            "an e-mail address such as alice@cs.princeton.edu");
    /** Passwords: 1 to 254 characters; the server also limits them to 254 bytes of UTF-8. */
    public static final StringType PASSWORD = StringType.nonEmpty(254);
    public static final int PASSWORD_MAX_BYTES = 254;
    public static final MixedType PERSON_REF = MixedType.of(IntType.ID, EMAIL);
    public static final MixedType ROLE_REF = MixedType.of(IntType.ID, StringType.nonEmpty(100));

    public static final StructType PERSON = StructType.of("Person",
            readOnly("person_id", IntType.ID, "person identifier"),
            writable("email", EMAIL, "e-mail address, also the login name; unique, compared without case"),
            writable("first_name", StringType.nonEmpty(128), "given name"),
            writable("last_name", StringType.nonEmpty(128), "family name"),
            writable("title", new NullableType(StringType.max(128)), "title"),
            writable("phone", new NullableType(StringType.max(64)), "telephone number"),
            writable("url", new NullableType(SiteApi.URL), "home page"),
            writable("bio", new NullableType(StringType.max(254)), "biography"),
            writable("address", new NullableType(StringType.max(1024)), "postal address"),
            writable("enabled", BoolType.INSTANCE, "whether the account is approved and may act"),
            readOnly("date_created", IntType.TIMESTAMP, "when the account was created"),
            readOnly("last_updated", IntType.TIMESTAMP, "when the account last changed"),
            readOnly("role_ids", ArrayType.of(IntType.ID), "role ids (10 admin, 20 pi, 30 user, 40 tech)"),
            readOnly("roles", ArrayType.of(StringType.max(100)), "role names"),
            readOnly("site_ids", ArrayType.of(IntType.ID), "the person's sites, primary first"),
            readOnly("key_ids", ArrayType.of(IntType.ID), "the person's keys"),
            readOnly("slice_ids", ArrayType.of(IntType.ID), "the live slices the person belongs to"),
            readOnly("peer_id", new NullableType(IntType.ID), "the peer the person was pulled from (GetPeers); nil for this PLC's own"),
            readOnly("peer_person_id", new NullableType(IntType.ID), "the peer's person_id for it; nil for this PLC's own"));

    /** What callers may write: the person fields plus the write-only password. */
    public static final StructType PERSON_INPUT = withPassword(PERSON.writable());

    private static StructType withPassword(StructType writable) {
        java.util.Map<String, Field> fields = new java.util.LinkedHashMap<>(writable.fields());
        fields.put("password", Field.writable("password", PASSWORD, "password; never returned"));
        return new StructType("Person", fields, java.util.Set.of());
    }

    public static final StructType ROLE = StructType.of("Role",
            readOnly("role_id", IntType.ID, "role identifier"),
            readOnly("name", StringType.max(100), "role name"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddPerson").roles(ADMIN, PI).mutates()
                    .param("person_fields", PERSON_INPUT.requiring("email", "first_name", "last_name"), "the new person")
                    .returns(IntType.ID, "the new person_id")
                    .help("Creates an account. An operator's new account belongs to no site and is disabled unless"
                            + " enabled is true. A PI's new account joins the PI's primary site with the user role"
                            + " and is enabled at once: the PI vouches for the person.")
                    .build(),
            MethodSpec.builder("RegisterPerson").roles(ANONYMOUS, ADMIN, PI, USER, TECH).mutates()
                    .param("person_fields", PERSON_INPUT.only("email", "first_name", "last_name", "title", "phone",
                            "url", "bio", "address", "password").requiring("email", "first_name", "last_name", "password"),
                            "the applicant")
                    .param("site_id_or_login_base", SiteApi.SITE_REF, "the site the applicant belongs to")
                    .returns(IntType.ID, "the new person_id")
                    .help("Registers a new account at a site, with the user role. The account stays disabled until"
                            + " a PI of the site (or an operator) approves it with ApprovePerson.")
                    .build(),
            MethodSpec.builder("ApprovePerson").roles(ADMIN, PI).mutates()
                    .param("person_id_or_email", PERSON_REF, "the applicant")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Enables a registered account. A PI may approve only persons at their own sites.")
                    .build(),
            MethodSpec.builder("GetPersons").roles(ADMIN, PI, USER, TECH, NODE)
                    .optionalParam("person_filter", new FilterType(PERSON, "person_id", "email"),
                            "person_ids, emails or a struct of conditions; nil for all visible")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(PERSON), "the matching persons")
                    .help("Returns accounts. Users see themselves; PIs and techs also see the persons at their sites;"
                            + " operators and nodes see everyone. Passwords are never returned.")
                    .build(),
            MethodSpec.builder("UpdatePerson").roles(ADMIN, PI, USER, TECH).mutates()
                    .param("person_id_or_email", PERSON_REF, "the person")
                    .param("person_fields", PERSON_INPUT, "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes an account. Anyone may change their own account except its enabled flag; a PI may"
                            + " change accounts at their sites that are not PIs or operators; operators any.")
                    .build(),
            MethodSpec.builder("DeletePerson").roles(ADMIN, PI, USER, TECH).mutates()
                    .param("person_id_or_email", PERSON_REF, "the person")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes an account with its keys and memberships; the record is kept for audit."
                            + " The same persons may be deleted as may be updated.")
                    .build(),
            MethodSpec.builder("GetRoles").roles(ADMIN, PI, USER, TECH, NODE)
                    .returns(ArrayType.of(ROLE), "every role")
                    .help("Returns the roles a person can hold, then any an operator added (AddRole), which grant"
                            + " nothing.")
                    .build(),
            MethodSpec.builder("AddRoleToPerson").roles(ADMIN, PI).mutates()
                    .param("role_id_or_name", ROLE_REF, "the role")
                    .param("person_id_or_email", PERSON_REF, "the person")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Grants a role. A PI may grant only the user and tech roles, to persons at their sites.")
                    .build(),
            MethodSpec.builder("DeleteRoleFromPerson").roles(ADMIN, PI).mutates()
                    .param("role_id_or_name", ROLE_REF, "the role")
                    .param("person_id_or_email", PERSON_REF, "the person")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Revokes a role, with the same limits as AddRoleToPerson.")
                    .build(),
            MethodSpec.builder("AddPersonToSite").roles(ADMIN).mutates()
                    .param("person_id_or_email", PERSON_REF, "the person")
                    .param("site_id_or_login_base", SiteApi.SITE_REF, "the site")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Makes a person a member of a site; the first site of a person is their primary site.")
                    .build(),
            MethodSpec.builder("DeletePersonFromSite").roles(ADMIN).mutates()
                    .param("person_id_or_email", PERSON_REF, "the person")
                    .param("site_id_or_login_base", SiteApi.SITE_REF, "the site")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Removes a person from a site.")
                    .build());
}
