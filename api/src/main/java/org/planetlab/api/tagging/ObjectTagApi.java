package org.planetlab.api.tagging;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.ArrayList;
import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.tag.TagTypeApi;
import org.planetlab.api.method.Role;
import org.planetlab.api.node.InterfaceApi;
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.schema.ValueType;
import org.planetlab.api.site.SiteApi;

/**
 * Tags on persons, sites and interfaces (PLCAPI's PersonTags, SiteTags, InterfaceTags): at most
 * one value of each tag type per object, set only by roles the tag type admits.
 */
public final class ObjectTagApi {
    private ObjectTagApi() {}

    public static final StringType VALUE = StringType.max(65_536);

    /** One kind of taggable object: its wire name, key fields and who may read and write its tags. */
    public enum Kind {
        PERSON("Person", "person", "email", PersonApi.EMAIL,
                List.of(ADMIN, PI, USER, TECH), List.of(ADMIN, PI, USER, TECH), List.of(ADMIN, PI, USER),
                "Persons tag themselves; PIs tag the users and techs of their sites; operators anyone."),
        SITE("Site", "site", "login_base", SiteApi.LOGIN_BASE,
                List.of(ADMIN, PI, USER, NODE), List.of(ADMIN, PI, USER, TECH), List.of(ADMIN, PI, USER),
                "PIs and techs tag their own sites; operators any site."),
        INTERFACE("Interface", "interface", "ip", InterfaceApi.IP_ADDRESS,
                List.of(ADMIN, PI, USER, TECH, NODE), List.of(ADMIN, PI, USER, TECH), List.of(ADMIN, PI, USER, TECH),
                "The people of the node's site tag its interfaces; operators any interface.");

        private final String wireName;
        private final String prefix;
        private final String nameField;
        private final ValueType nameType;
        private final List<Role> readers;
        private final List<Role> writers;
        private final List<Role> deleters;
        private final String rule;

        Kind(String wireName, String prefix, String nameField, ValueType nameType, List<Role> readers,
                List<Role> writers, List<Role> deleters, String rule) {
            this.wireName = wireName;
            this.prefix = prefix;
            this.nameField = nameField;
            this.nameType = nameType;
            this.readers = readers;
            this.writers = writers;
            this.deleters = deleters;
            this.rule = rule;
        }

        /** As PLCAPI names the object, e.g. "Person". */
        public String wireName() {
            return wireName;
        }

        /** The object's id field, e.g. person_id. */
        public String idField() {
            return prefix + "_id";
        }

        /** The tag's id field, e.g. person_tag_id. */
        public String tagIdField() {
            return prefix + "_tag_id";
        }

        /** The object's name field, e.g. email. */
        public String nameField() {
            return nameField;
        }

        /** The table the tags are kept in, e.g. person_tags. */
        public String table() {
            return prefix + "_tags";
        }

        public StructType tagStruct() {
            return StructType.of(wireName + "Tag",
                    readOnly(tagIdField(), IntType.ID, prefix + " tag identifier"),
                    readOnly(idField(), IntType.ID, "the " + prefix),
                    readOnly(nameField, nameType, "the " + prefix + "'s " + nameField),
                    readOnly("tag_type_id", IntType.ID, "the tag type"),
                    readOnly("tagname", TagTypeApi.TAGNAME, "the tag type's name"),
                    readOnly("description", StringType.max(254), "the tag type's description"),
                    readOnly("category", StringType.max(64), "the tag type's category"),
                    writable("value", VALUE, "the value"));
        }

        private List<MethodSpec> methods() {
            String rules = " " + rule + " The tag type's min_role_id must admit the caller's role.";
            return List.of(
                    MethodSpec.builder("Add" + wireName + "Tag").roles(writers.toArray(Role[]::new)).mutates()
                            .param(idField(), IntType.ID, "the " + prefix)
                            .param("tag_type_id_or_name", TagTypeApi.TAG_TYPE_REF, "the tag type")
                            .param("value", VALUE, "the value")
                            .returns(IntType.ID, "the new " + tagIdField())
                            .help("Tags a " + prefix + " with a value of a tag type; a " + prefix
                                    + " has at most one value of each type." + rules)
                            .build(),
                    MethodSpec.builder("Get" + wireName + "Tags").roles(readers.toArray(Role[]::new))
                            .optionalParam(prefix + "_tag_filter", new FilterType(tagStruct(), tagIdField(), null),
                                    tagIdField() + "s or a struct of conditions; nil for all")
                            .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                            .returns(ArrayType.of(tagStruct()), "the matching " + prefix + " tags")
                            .help("Returns " + prefix + " tags.")
                            .build(),
                    MethodSpec.builder("Update" + wireName + "Tag").roles(writers.toArray(Role[]::new)).mutates()
                            .param(tagIdField(), IntType.ID, "the tag")
                            .param("value", VALUE, "the new value")
                            .returns(Arguments.ONE, Arguments.ONE_DOC)
                            .help("Changes a " + prefix + " tag's value." + rules)
                            .build(),
                    MethodSpec.builder("Delete" + wireName + "Tag").roles(deleters.toArray(Role[]::new)).mutates()
                            .param(tagIdField(), IntType.ID, "the tag")
                            .returns(Arguments.ONE, Arguments.ONE_DOC)
                            .help("Deletes a " + prefix + " tag." + rules)
                            .build());
        }
    }

    public static final List<MethodSpec> METHODS = build();

    private static List<MethodSpec> build() {
        List<MethodSpec> all = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            all.addAll(kind.methods());
        }
        return List.copyOf(all);
    }
}
