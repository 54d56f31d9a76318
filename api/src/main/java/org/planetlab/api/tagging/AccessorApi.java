package org.planetlab.api.tagging;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Role;
import org.planetlab.api.node.InterfaceApi;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.ValueType;
import org.planetlab.api.site.SiteApi;
import org.planetlab.api.slice.SliceApi;

/**
 * PLCAPI's accessors (its {@code Accessors_standard}): {@code Get<Object><Name>} and
 * {@code Set<Object><Name>} read and write one tag of one object, e.g. {@code GetSliceVref} and
 * {@code SetSliceVref} the slice's {@code vref}. The tag type is created on first use, with the
 * original's category and description, admitting roles up to the least privileged of the
 * original's setters.
 */
public final class AccessorApi {
    private AccessorApi() {}

    /** The kinds of object accessors exist for, with how an object is named on the wire. */
    public enum Target {
        SLICE("Slice", "slice_id_or_name", SliceApi.SLICE_REF),
        NODE("Node", "node_id_or_hostname", NodeApi.NODE_REF),
        PERSON("Person", "person_id_or_email", PersonApi.PERSON_REF),
        SITE("Site", "site_id_or_login_base", SiteApi.SITE_REF),
        INTERFACE("Interface", "interface_id_or_ip", MixedType.of(IntType.ID, InterfaceApi.IP_ADDRESS));

        private final String wireName;
        private final String paramName;
        private final ValueType refType;

        Target(String wireName, String paramName, ValueType refType) {
            this.wireName = wireName;
            this.paramName = paramName;
            this.refType = refType;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** One accessor: the object it reads, the method suffix, the tag type and the roles that may set it. */
    public record Accessor(Target target, String suffix, String tagname, String category, String description,
            Set<Role> setters) {
        public Accessor {
            setters = Set.copyOf(setters);
        }

        public String getter() {
            return "Get" + target.wireName + suffix;
        }

        public String setter() {
            return "Set" + target.wireName + suffix;
        }

        /** The least privileged of the setters, as the tag type's min_role_id. */
        public long minRoleId() {
            return setters.stream().mapToInt(Role::roleId).max().orElse(Role.ADMIN.roleId());
        }
    }

    private static final Set<Role> ALL = Set.of(ADMIN, PI, TECH, USER, NODE);
    private static final Set<Role> TECHS = Set.of(ADMIN, PI, TECH);
    private static final Set<Role> ADMINS = Set.of(ADMIN);

    public static final List<Accessor> ACCESSORS = accessors();

    private static List<Accessor> accessors() {
        List<Accessor> all = new ArrayList<>();
        all.add(new Accessor(Target.SLICE, "Vref", "vref", "slice/config", "vserver reference image name",
                Set.of(ADMIN, PI, USER, NODE)));
        all.add(new Accessor(Target.SLICE, "InitscriptCode", "initscript_code", "slice/usertools",
                "Slice initialization script code", Set.of(ADMIN, PI, USER)));
        all.add(new Accessor(Target.SLICE, "Initscript", "initscript", "slice/usertools",
                "Slice initialization script name", Set.of(ADMIN, PI, USER)));
        for (Target target : List.of(Target.SLICE, Target.NODE)) {
            all.add(new Accessor(target, "Arch", "arch", "node/slice/config", "node arch or slivers arch", ALL));
            all.add(new Accessor(target, "Pldistro", "pldistro", "node/slice/config/sfa",
                    "PlanetLab distribution to use for node or slivers", ALL));
            all.add(new Accessor(target, "Fcdistro", "fcdistro", "node/slice/config",
                    "Linux distribution to use for node or slivers", ALL));
        }
        all.add(new Accessor(Target.NODE, "Virt", "virt", "node/operation", "typically \"vs\" or \"lxc\"", ALL));
        all.add(new Accessor(Target.NODE, "Deployment", "deployment", "node/operation",
                "typically \"alpha\", \"beta\", or \"production\"", ADMINS));
        all.add(new Accessor(Target.NODE, "Extensions", "extensions", "node/config",
                "space-separated list of extensions to install", ADMINS));
        for (Target target : List.of(Target.NODE, Target.PERSON, Target.SLICE, Target.SITE)) {
            all.add(new Accessor(target, "Hrn", "hrn", "node/person/slice/site/sfa", "SFA human readable name", ALL));
        }
        all.add(new Accessor(Target.NODE, "PlainBootstrapfs", "plain-bootstrapfs", "node/config",
                "use uncompressed bootstrapfs when set", TECHS));
        all.add(new Accessor(Target.NODE, "Serial", "serial", "node/bootcd",
                "serial to use when creating the boot CD -- see GetBootMedium", TECHS));
        all.add(new Accessor(Target.NODE, "Cramfs", "cramfs", "node/bootcd",
                "boot CD to use cramfs if set -- see GetBootMedium", TECHS));
        all.add(new Accessor(Target.NODE, "Kvariant", "kvariant", "node/bootcd",
                "the variant to use for creating the boot CD -- see GetBootMedium", TECHS));
        all.add(new Accessor(Target.NODE, "Kargs", "kargs", "node/bootcd",
                "extra args to pass the kernel on the Boot CD -- see GetBootMedium", TECHS));
        all.add(new Accessor(Target.NODE, "NoHangcheck", "no-hangcheck", "node/bootcd",
                "disable hangcheck on the boot CD if set -- see GetBootMedium", TECHS));
        all.add(new Accessor(Target.INTERFACE, "Ifname", "ifname", "interface/config", "linux name", TECHS));
        all.add(new Accessor(Target.INTERFACE, "Driver", "driver", "interface/config", "driver name", TECHS));
        all.add(new Accessor(Target.INTERFACE, "Alias", "alias", "interface/config", "interface alias", TECHS));
        all.add(new Accessor(Target.INTERFACE, "Backdoor", "backdoor", "interface/hidden", "For testing new settings",
                ADMINS));
        for (Target target : List.of(Target.PERSON, Target.SLICE, Target.SITE)) {
            all.add(new Accessor(target, "SfaCreated", "sfa_created", "person/slice/site/sfa",
                    "Tag objects created through SFA interfaces", ALL));
        }
        all.add(new Accessor(Target.SITE, "DisabledRegistration", "disabled_registration", "site",
                "Sites that have a non-void value are excluded from the drop-down list on the registration form",
                ADMINS));
        return List.copyOf(all);
    }

    public static final StringType VALUE = StringType.max(65_536);

    public static final List<MethodSpec> METHODS = methods();

    private static List<MethodSpec> methods() {
        List<MethodSpec> all = new ArrayList<>();
        for (Accessor accessor : ACCESSORS) {
            String what = "the " + accessor.target().wireName().toLowerCase(java.util.Locale.ROOT) + "'s "
                    + accessor.tagname() + " tag (" + accessor.description() + ")";
            all.add(MethodSpec.builder(accessor.getter()).roles(ALL.toArray(Role[]::new))
                    .param(accessor.target().paramName, accessor.target().refType, "the object")
                    .returns(new NullableType(VALUE), "the value, or nil if it has none")
                    .help("Returns " + what + ".")
                    .build());
            all.add(MethodSpec.builder(accessor.setter()).roles(accessor.setters().toArray(Role[]::new)).mutates()
                    .param(accessor.target().paramName, accessor.target().refType, "the object")
                    .param("value", new NullableType(VALUE), "the new value; nil removes the tag")
                    .returns(new NullableType(VALUE), "the value set")
                    .help("Sets " + what + ", with the rights of the object's tag methods; the tag type's min_role_id"
                            + " must admit the caller.")
                    .build());
        }
        return List.copyOf(all);
    }
}
