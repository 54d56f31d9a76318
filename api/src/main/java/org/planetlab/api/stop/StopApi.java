package org.planetlab.api.stop;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.site.SiteApi;
import org.planetlab.api.slice.SliceApi;

/**
 * The big red button at every level (PDN-03-015 "Controlling Resources"): a slice's slivers on
 * one node, a slice everywhere (StopSlice, in SliceApi), every slice of a site, every slice on
 * every node. Each stop records who, why and when.
 */
public final class StopApi {
    private StopApi() {}

    /** Why a slice is stopped, in words an operator or a user can act on. */
    public static final StringType REASON = StringType.nonEmpty(1024);

    public static final StructType STOP = StructType.of("SliceStop",
            readOnly("stop_id", IntType.ID, "the stop"),
            readOnly("level", StringType.matching(10, "sliver|slice|site|all", "sliver, slice, site or all"),
                    "sliver: one node; slice: everywhere; site: a site's slices; all: every slice on every node"),
            readOnly("slice_id", new NullableType(IntType.ID), "the slice; nil for a stop of all slices"),
            readOnly("node_id", new NullableType(IntType.ID), "the node, for a sliver stop"),
            readOnly("site_id", new NullableType(IntType.ID), "the site, for a site stop"),
            readOnly("person_id", new NullableType(IntType.ID), "who stopped it; nil for PLC itself"),
            readOnly("authority", StringType.matching(10, "operator|site|slice", "operator, site or slice"),
                    "in which right: an operator's, the site's (PI or tech) or the slice's own users'"),
            readOnly("reason", REASON, "why"),
            readOnly("stopped_at", IntType.TIMESTAMP, "when"),
            readOnly("lifted_at", new NullableType(IntType.TIMESTAMP), "when the stop was lifted, if it was"),
            readOnly("lifted_by", new NullableType(IntType.ID), "who lifted it"));

    public static final StructType STOP_FILTER = StructType.of("SliceStopFilter",
            writable("slice", SliceApi.SLICE_REF, "stops of this slice (id or name)"),
            writable("site", SiteApi.SITE_REF, "stops of the slices of this site (id or login base)"),
            writable("active", BoolType.INSTANCE, "only stops in force (true) or lifted (false)"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("StopSliver").roles(ADMIN, PI, USER, TECH).mutates()
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .param("reason", REASON, "why")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Stops a slice's sliver on one node: its processes end, its files stay; the stop holds"
                            + " until StartSliver. Allowed to the slice's users, PIs of its site, techs and PIs of"
                            + " the node's site, and operators.")
                    .build(),
            MethodSpec.builder("StartSliver").roles(ADMIN, PI, USER, TECH).mutates()
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Lifts a StopSliver. A stop made by an operator is lifted only by an operator; one made"
                            + " by the node's site only by the site or an operator.")
                    .build(),
            MethodSpec.builder("StopSiteSlices").roles(ADMIN, PI).mutates()
                    .param("site_id_or_login_base", SiteApi.SITE_REF, "the site")
                    .param("reason", REASON, "why")
                    .returns(IntType.NON_NEGATIVE, "how many slices were stopped")
                    .help("Stops every live slice of a site on every node (as StopSlice). PIs of the site and"
                            + " operators.")
                    .build(),
            MethodSpec.builder("StopAllSlices").roles(ADMIN).mutates()
                    .param("reason", REASON, "why")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("The big red button: every sliver on every node stops and no ticket is issued until an"
                            + " operator calls ResumeAllSlices. Slices keep their own state, so resuming restarts"
                            + " exactly the slices that were started.")
                    .build(),
            MethodSpec.builder("ResumeAllSlices").roles(ADMIN).mutates()
                    .param("reason", REASON, "why")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Lifts StopAllSlices: slices that were started run again.")
                    .build(),
            MethodSpec.builder("GetSliceStops").roles(ADMIN, PI, USER, TECH)
                    .optionalParam("stop_filter", new NullableType(STOP_FILTER), "which stops; nil for all")
                    .returns(ArrayType.of(STOP), "the stops, newest first")
                    .help("Returns who stopped what, why and when. Operators see every stop; others the stops of"
                            + " their sites' slices and of slices they belong to, and every stop of all slices.")
                    .build());
}
