package org.planetlab.api.authority;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.ANONYMOUS;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.slice.SliceApi;

/** The slice authority's signed statements (tickets) and certificate-based authentication. */
public final class AuthorityApi {
    private AuthorityApi() {}

    /** The longest a ticket may be valid: one week, and never past the slice's expiry. */
    public static final long MAX_TICKET_SECONDS = 7L * 24 * 3600;

    public static final StructType TICKET_OPTIONS = StructType.of("TicketOptions",
            writable("nodes", new ArrayType(NodeApi.HOSTNAME, 10_000),
                    "host names the ticket may be redeemed on; default: the slice's nodes"),
            writable("any_node", BoolType.INSTANCE,
                    "true for a ticket any node trusting this slice authority may redeem"),
            writable("valid_seconds", new IntType(60, MAX_TICKET_SECONDS), "how long the ticket is valid (default a day)"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("GetSliceTicket").roles(ADMIN, PI, USER).mutates()
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .optionalParam("options", new NullableType(TICKET_OPTIONS), "where and how long it may be redeemed")
                    .returns(StringType.max(1 << 20), "the ticket: an XML document signed by the slice authority")
                    .help("The seed's GetSliceTicket: the slice's RSpec (name, users, nodes, resources from its"
                            + " attributes, validity) signed by this slice authority. A user presents it to the"
                            + " slice creation service of a node to create the sliver at once (the delegated path)."
                            + " Users may get tickets for slices they belong to, PIs for their sites' slices.")
                    .build(),
            MethodSpec.builder("AuthenticateCertificate").roles(ANONYMOUS, ADMIN, PI, USER, TECH, NODE).mutates()
                    .param("certificate", StringType.nonEmpty(1 << 19),
                            "an XML certificate chain ending at a trust root: a person, a node, or a service slice on a"
                                    + " node (signed by that node's manager)")
                    .returns(AnyType.struct("a {session, expires, subject} struct"),
                            "session: a session key sealed to the certificate's public key; expires: when it ends;"
                                    + " subject: whose rights the session carries")
                    .help("Architecture section 5.5: verifies the certificate chain against the trust roots and"
                            + " returns a new session key encrypted to the certificate's key, so that only the"
                            + " holder of the private key can use it. Sessions of a slice creation service act as"
                            + " their node. End one with DeleteSession.")
                    .build());
}
