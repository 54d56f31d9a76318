package org.planetlab.api.typetable;

import static org.planetlab.api.method.Role.ADMIN;
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
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * Address types (the original's Personal, Shipping, Billing and any an operator adds) and which
 * of them each site address has (an address's address_type_ids and address_types).
 */
public final class AddressTypeApi {
    private AddressTypeApi() {}

    public static final StringType NAME = StringType.nonEmpty(20);
    public static final MixedType ADDRESS_TYPE_REF = MixedType.of(IntType.ID, NAME);

    public static final StructType ADDRESS_TYPE = StructType.of("AddressType",
            readOnly("address_type_id", IntType.ID, "address type identifier"),
            writable("name", NAME, "the type's name, unique"),
            writable("description", new NullableType(StringType.max(254)), "what addresses of the type are for"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("GetAddressTypes").roles(ADMIN, PI, USER, TECH, NODE)
                    .optionalParam("address_type_filter", new FilterType(ADDRESS_TYPE, "address_type_id", "name"),
                            "address_type_ids, names or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(ADDRESS_TYPE), "the matching address types")
                    .help("Returns address types.")
                    .build(),
            MethodSpec.builder("AddAddressType").roles(ADMIN).mutates()
                    .param("address_type_fields", ADDRESS_TYPE.writable().requiring("name"), "the address type")
                    .returns(IntType.ID, "the new address_type_id")
                    .help("Adds an address type; its name must be new.")
                    .build(),
            MethodSpec.builder("UpdateAddressType").roles(ADMIN).mutates()
                    .param("address_type_id_or_name", ADDRESS_TYPE_REF, "the address type")
                    .param("address_type_fields", ADDRESS_TYPE.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Renames or re-describes an address type; a new name must not be taken.")
                    .build(),
            MethodSpec.builder("DeleteAddressType").roles(ADMIN).mutates()
                    .param("address_type_id_or_name", ADDRESS_TYPE_REF, "the address type")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes an address type; addresses that had it no longer do.")
                    .build(),
            MethodSpec.builder("AddAddressTypeToAddress").roles(ADMIN, PI).mutates()
                    .param("address_type_id_or_name", ADDRESS_TYPE_REF, "the address type")
                    .param("address_id", IntType.ID, "the address")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Gives an address a type; one it has already changes nothing. A PI may change only their"
                            + " own sites' addresses.")
                    .build(),
            MethodSpec.builder("DeleteAddressTypeFromAddress").roles(ADMIN, PI).mutates()
                    .param("address_type_id_or_name", ADDRESS_TYPE_REF, "the address type")
                    .param("address_id", IntType.ID, "the address")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Takes a type from an address; one it does not have changes nothing. A PI may change only"
                            + " their own sites' addresses.")
                    .build());
}
