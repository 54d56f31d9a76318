package org.planetlab.api.key;

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
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/** SSH public keys of persons, and the key blacklist. */
public final class KeyApi {
    private KeyApi() {}

    public static final StringType KEY_TYPE = StringType.matching(20, "ssh",
            "ssh, the only key type nodes install");

    public static final StructType KEY = StructType.of("Key",
            readOnly("key_id", IntType.ID, "key identifier"),
            readOnly("person_id", IntType.ID, "owner of the key"),
            writable("key_type", KEY_TYPE, "key type"),
            writable("key", StringType.nonEmpty(16384),
                    "an OpenSSH public key line: ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa (2048 bits or more)"),
            readOnly("fingerprint", StringType.max(128), "SHA256 fingerprint, as ssh-keygen -l prints it"),
            readOnly("peer_id", new NullableType(IntType.ID), "the peer the key was pulled from (GetPeers); nil for this PLC's own"),
            readOnly("peer_key_id", new NullableType(IntType.ID), "the peer's key_id for it; nil for this PLC's own"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddPersonKey").roles(ADMIN, PI, TECH, USER).mutates()
                    .param("person_id_or_email", PersonApi.PERSON_REF, "the person")
                    .param("key_fields", KEY.writable().requiring("key_type", "key"), "the key")
                    .returns(IntType.ID, "the new key_id")
                    .help("Adds an SSH public key to an account. Persons may add keys only to their own account."
                            + " Keys are parsed and checked: DSA and short RSA keys, malformed and blacklisted keys"
                            + " are refused.")
                    .build(),
            MethodSpec.builder("GetKeys").roles(ADMIN, PI, TECH, USER, NODE)
                    .optionalParam("key_filter", new FilterType(KEY, "key_id", null),
                            "key_ids or a struct of conditions; nil for all visible")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(KEY), "the matching keys")
                    .help("Returns keys. Persons see their own keys; operators and nodes see all.")
                    .build(),
            MethodSpec.builder("UpdateKey").roles(ADMIN, PI, TECH, USER).mutates()
                    .param("key_id", IntType.ID, "the key")
                    .param("key_fields", KEY.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Replaces a key. Persons may change only their own keys.")
                    .build(),
            MethodSpec.builder("DeleteKey").roles(ADMIN, PI, TECH, USER).mutates()
                    .param("key_id", IntType.ID, "the key")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a key. Persons may delete only their own keys.")
                    .build(),
            MethodSpec.builder("BlacklistKey").roles(ADMIN).mutates()
                    .param("key_id", IntType.ID, "the key")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Blacklists a key: every copy of it is removed from every account and it can never be"
                            + " added again.")
                    .build(),
            MethodSpec.builder("GetKeyTypes").roles(ADMIN, PI, TECH, USER, NODE)
                    .returns(ArrayType.of(StringType.max(20)), "the key types")
                    .help("Returns the key types: ssh, the only type nodes install, then any an operator added"
                            + " (AddKeyType).")
                    .build());
}
