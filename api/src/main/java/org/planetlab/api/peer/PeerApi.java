package org.planetlab.api.peer;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Role;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * Peering between PLCs, as PLCAPI did it: each PLC registers its peers (name, API URL, the CA
 * its TLS certificate must chain to, the key its requests are signed with) and pulls their
 * sites, nodes, persons, keys and slices as foreign objects, read-only here.
 */
public final class PeerApi {
    private PeerApi() {}

    public static final StringType PEER_NAME = StringType.matching(255, "[A-Za-z0-9][A-Za-z0-9 ._-]*",
            "letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit");
    public static final MixedType PEER_REF = MixedType.of(IntType.ID, PEER_NAME);
    public static final StringType PEER_URL = StringType.matching(1024, "https://[^\\s]+",
            "the peer's API as an https:// URL, e.g. https://plc.example.org/");
    public static final StringType OBJECT_TYPE = StringType.matching(16, "(?i)site|node|person|key|slice",
            "site, node, person, key or slice");

    public static final StructType PEER = StructType.of("Peer",
            readOnly("peer_id", IntType.ID, "peer identifier"),
            writable("peername", PEER_NAME, "the peer's name, as its GetPeerName answers"),
            writable("shortname", new NullableType(StringType.matching(32, "[A-Za-z0-9._-]+",
                    "letters, digits, dots, dashes and underscores")), "a short name (BindObjectToPeer names peers by it)"),
            writable("hrn_root", new NullableType(StringType.max(64)), "the root of the peer's hierarchical names"),
            writable("peer_url", PEER_URL, "the peer's API"),
            writable("ca_certificate", StringType.nonEmpty(65_536),
                    "PEM certificate of the CA the peer's TLS certificate must chain to (pinned: no other CA is trusted)"),
            writable("public_key", StringType.nonEmpty(16_384),
                    "PEM public key the peer signs its GetPeerData requests with (its GetPeerName and docs/federation.md)"),
            readOnly("date_created", IntType.TIMESTAMP, "when the peer was added"),
            readOnly("last_updated", IntType.TIMESTAMP, "when the peer last changed"),
            readOnly("last_refreshed", new NullableType(IntType.TIMESTAMP), "when RefreshPeer last succeeded"),
            readOnly("site_ids", ArrayType.of(IntType.ID), "the foreign sites pulled from the peer"),
            readOnly("node_ids", ArrayType.of(IntType.ID), "the foreign nodes pulled from the peer"),
            readOnly("person_ids", ArrayType.of(IntType.ID), "the foreign persons pulled from the peer"),
            readOnly("key_ids", ArrayType.of(IntType.ID), "the foreign keys pulled from the peer"),
            readOnly("slice_ids", ArrayType.of(IntType.ID), "the foreign slices pulled from the peer"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddPeer").roles(ADMIN).mutates()
                    .param("peer_fields", PEER.writable().requiring("peername", "peer_url", "ca_certificate",
                            "public_key"), "the peer")
                    .returns(IntType.ID, "the new peer_id")
                    .help("Registers a peering PLC: its name, its API URL, the CA its TLS certificate must chain to"
                            + " and the public key it signs its requests with. Nothing is pulled until RefreshPeer.")
                    .build(),
            MethodSpec.builder("UpdatePeer").roles(ADMIN).mutates()
                    .param("peer_id_or_peername", PEER_REF, "the peer")
                    .param("peer_fields", PEER.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a peer's name, URL, pinned CA or key, e.g. when the peer rotates its key.")
                    .build(),
            MethodSpec.builder("DeletePeer").roles(ADMIN).mutates()
                    .param("peer_id_or_peername", PEER_REF, "the peer")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a peer and every foreign object pulled from it; its slices' slivers leave the"
                            + " local nodes' views, and local slices lose the peer's nodes.")
                    .build(),
            MethodSpec.builder("GetPeers").roles(ADMIN, NODE, PI, USER)
                    .optionalParam("peer_filter", new FilterType(PEER, "peer_id", "peername"),
                            "peer_ids or peernames, or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(PEER), "the matching peers")
                    .help("Returns the peers this PLC pulls foreign objects from.")
                    .build(),
            MethodSpec.builder("GetPeerName").roles(ADMIN, Role.PEER, NODE)
                    .returns(StringType.nonEmpty(255), "this PLC's peer name")
                    .help("Returns the name this PLC has among peers (configured as peer.name); a peer registers it"
                            + " with AddPeer.")
                    .build(),
            MethodSpec.builder("GetPeerData").roles(ADMIN, Role.PEER)
                    .returns(AnyType.struct("Sites, Nodes, Persons, Keys, Slices (this PLC's own objects) and"
                            + " PeerNodes (the calling peer's nodes known here)"), "the data a peer caches")
                    .help("Returns this PLC's own sites, nodes, persons, keys and slices (no secrets) for a peer to"
                            + " cache as foreign objects, and, for a calling peer, the nodes of that peer known here,"
                            + " so that its RefreshPeer can map the peer's ids of its own nodes back. A peer calls it"
                            + " with AuthMethod \"peer\" and a request signed with its key (docs/federation.md).")
                    .build(),
            MethodSpec.builder("RefreshPeer").roles(ADMIN).mutates()
                    .param("peer_id_or_peername", PEER_REF, "the peer")
                    .returns(AnyType.struct("how many foreign objects were added, updated and deleted, by kind,"
                            + " and the objects skipped with why"), "what changed")
                    .help("Pulls the peer's data (GetPeerData over HTTPS, signed with this PLC's peer key) and makes"
                            + " the foreign objects match it in one transaction: new ones added, changed ones"
                            + " updated, vanished ones deleted. A second refresh with nothing changed at the peer"
                            + " changes nothing.")
                    .build(),
            MethodSpec.builder("BindObjectToPeer").roles(ADMIN).mutates()
                    .param("object_type", OBJECT_TYPE, "site, node, person, key or slice")
                    .param("object_id", IntType.ID, "the local object")
                    .param("shortname", StringType.nonEmpty(32), "the peer's shortname")
                    .param("remote_object_id", IntType.ID, "the peer's id for the object")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Marks a local object as the peer's (foreign, read-only here), with the peer's id for it.")
                    .build(),
            MethodSpec.builder("UnBindObjectFromPeer").roles(ADMIN).mutates()
                    .param("object_type", OBJECT_TYPE, "site, node, person, key or slice")
                    .param("object_id", IntType.ID, "the foreign object")
                    .param("shortname", StringType.nonEmpty(32), "the peer's shortname")
                    .optionalParam("remote_object_id", IntType.ID, "the peer's id for the object, checked if given")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Makes a foreign object of the peer local again.")
                    .build(),
            MethodSpec.builder("DeleteAllPeerEntries").roles(ADMIN).mutates()
                    .param("peer_id_or_peername", PEER_REF, "the peer")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes every foreign object pulled from a peer, keeping the peer registered; the next"
                            + " RefreshPeer pulls them again.")
                    .build());
}
