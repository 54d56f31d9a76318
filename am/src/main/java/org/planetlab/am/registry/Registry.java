package org.planetlab.am.registry;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.planetlab.am.credential.CredentialVerifier;
import org.planetlab.am.credential.GidChains;
import org.planetlab.am.credential.VerifiedCredential;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.gid.Gid;
import org.planetlab.am.gid.HostedAuthorities;
import org.planetlab.am.http.GeniService;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.PersonDetails;
import org.planetlab.plc.person.PersonRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFA registry interface over PLC's persons and slices, as sfi and SFA's client library call
 * it: GetVersion, GetSelfCredential, GetCredential, Resolve, List, Register, Update, Remove.
 * Answers are plain values; failures are XML-RPC faults whose code is the GENI code (as SFA's
 * faults carry it) and whose string says what was wrong.
 * <p>
 * Callers: GetSelfCredential takes any client certificate and compares its key with the person's
 * keys at PLC; every other call (but GetVersion) needs a credential PLC's slice authority signed,
 * owned by a GID for the key the client proved it holds, naming a live, enabled PLC person who
 * still has that key. Changes then run through PLC's services as that person, with their own
 * roles: what PLC would refuse them through PLCAPI, the registry refuses too.
 */
public final class Registry implements GeniService {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    public static final List<String> METHODS = List.of("GetVersion", "GetSelfCredential", "GetCredential", "Resolve", "List",
            "Register", "Update", "Remove");

    private final Plc plc;
    private final NameMapping names;
    private final GidChains chains;
    private final CredentialVerifier verifier;
    private final PersonUrns persons;
    private final RegistryCredentials credentials;
    private final RegistryReads reads;
    private final RegistryChanges changes;
    private final Supplier<String> url;
    private final HostedAuthorities hosted;

    /** @param url this registry's URL, as GetVersion advertises it */
    public Registry(Plc plc, NameMapping names, GidChains chains, CredentialVerifier verifier,
            HostedAuthorities hosted, java.time.Clock clock,
            java.security.SecureRandom random, Supplier<String> url) {
        this.plc = requireNonNull(plc, "plc is null");
        this.names = requireNonNull(names, "names is null");
        this.chains = requireNonNull(chains, "chains is null");
        this.verifier = requireNonNull(verifier, "verifier is null");
        this.url = requireNonNull(url, "url is null");
        this.hosted = requireNonNull(hosted, "hosted is null");
        this.persons = new PersonUrns(plc, names);
        this.credentials = new RegistryCredentials(hosted, clock, random);
        this.reads = new RegistryReads(plc, names, persons, credentials, hosted::hosts);
        this.changes = new RegistryChanges(plc, names, persons, credentials);
    }

    @Override
    public boolean knows(String method) {
        return METHODS.contains(method);
    }

    @Override
    public String description() {
        return "an SFA registry";
    }

    @Override
    public List<String> methods() {
        return METHODS;
    }

    @Override
    public XmlRpcResponse call(String method, List<Object> params, List<X509Certificate> callerChain) {
        RegistryArguments arguments = new RegistryArguments(method, params);
        try {
            if (method.equals("GetVersion")) {
                return new XmlRpcResponse.Success(version());
            }
            if (callerChain.isEmpty()) {
                throw GeniException.forbidden("the caller presented no client certificate; SFA clients call with their GID,"
                        + " or a self-signed certificate of their key for GetSelfCredential");
            }
            PublicKey key = callerChain.getFirst().getPublicKey();
            Object value = switch (method) {
                case "GetSelfCredential" -> {
                    arguments.requireCount(2, 3);
                    yield getSelfCredential(arguments.string(0, "certificate"), arguments.string(1, "xrn"),
                            arguments.optionalString(2), key);
                }
                case "GetCredential" -> {
                    arguments.requireCount(2, 3);
                    RegistryCaller caller = authenticate(arguments.credentials(0), key, "getcredential");
                    yield reads.getCredential(caller, Xrn.parse(arguments.string(1, "xrn"), arguments.optionalString(2)));
                }
                case "Resolve" -> {
                    arguments.requireCount(2, 3);
                    RegistryCaller caller = authenticate(arguments.credentials(1), key, "resolve");
                    yield reads.resolve(caller, arguments.strings(0, "xrns"), arguments.options(2));
                }
                case "List" -> {
                    arguments.requireCount(2, 3);
                    RegistryCaller caller = authenticate(arguments.credentials(1), key, "list");
                    yield reads.list(caller, Xrn.parse(arguments.string(0, "xrn"), Optional.of("authority")));
                }
                case "Register" -> {
                    arguments.requireCount(2, 2);
                    RegistryCaller caller = authenticate(arguments.credentials(1), key, "register");
                    yield changes.register(caller, arguments.record(0));
                }
                case "Update" -> {
                    arguments.requireCount(2, 2);
                    RegistryCaller caller = authenticate(arguments.credentials(1), key, "update");
                    yield changes.update(caller, arguments.record(0));
                }
                case "Remove" -> {
                    arguments.requireCount(2, 3);
                    RegistryCaller caller = authenticate(arguments.credentials(1), key, "remove");
                    yield changes.remove(caller, Xrn.parse(arguments.string(0, "xrn"), arguments.optionalString(2)));
                }
                default -> throw new GeniException(GeniCode.UNSUPPORTED, method + " is not a registry call");
            };
            return new XmlRpcResponse.Success(value);
        } catch (GeniException e) {
            return fault(e.code(), method + ": " + e.getMessage());
        } catch (PlanetLabException e) {
            if (e.getCause() instanceof GeniException geni) {
                return fault(geni.code(), method + ": " + geni.getMessage());
            }
            return fault(GeniCode.of(e.code()), method + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("registry call {} failed unexpectedly", method, e);
            return fault(GeniCode.SERVERERROR, method + ": the registry failed unexpectedly (" + e.getClass().getSimpleName()
                    + "); the failure is logged at PLC");
        }
    }

    private static XmlRpcResponse.Fault fault(GeniCode code, String message) {
        return new XmlRpcResponse.Fault(code.number(), message, Optional.of(code.name()));
    }

    /**
     * GetSelfCredential: the connection's key must be the key of {@code certificate} and one of the
     * person's RSA keys at PLC; the person then gets a GID for that key and a user credential.
     */
    private String getSelfCredential(String certificate, String xrn, Optional<String> type, PublicKey connectionKey) {
        X509Certificate given = Gid.readCertificates(certificate, "the certificate given").getFirst();
        if (!given.getPublicKey().equals(connectionKey)) {
            throw GeniException.forbidden("the certificate given is not for the key the connection was made with;"
                    + " call with the certificate your client presents");
        }
        Urn urn = Xrn.parse(xrn, type.or(() -> Optional.of("user")));
        if (!urn.type().equals("user")) {
            throw GeniException.badArgs("GetSelfCredential is for users; " + urn + " is a " + urn.type()
                    + " (ask GetCredential with your user credential)");
        }
        return plc.database().write(handle -> {
            PersonDetails person = persons.personOf(handle, urn).orElseThrow(() -> GeniException.searchFailed(
                    "no user " + urn + " at this registry"));
            requireEnabled(person);
            if (!holds(handle, person, connectionKey)) {
                throw GeniException.forbidden("the key of the connection is none of the RSA keys " + urn
                        + " has at PLC; add your public key (ssh-rsa) to your account first, then call with that key");
            }
            persons.remember(handle, urn, person.personId());
            Gid gid = credentials.personGid(urn, person.email(), connectionKey);
            return credentials.userCredential(gid);
        });
    }

    /**
     * The caller of a credentialed call: some credential given must verify for the key the client
     * holds and grant {@code operation}; its owner must be a GID of this PLC's authority naming a
     * live, enabled person who still has that key.
     */
    private RegistryCaller authenticate(List<String> given, PublicKey key, String operation) {
        List<VerifiedCredential> verified = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (String xml : given) {
            try {
                verified.add(verifier.verifyHeldKey(xml, key));
            } catch (GeniException e) {
                refusals.add(e.getMessage());
            }
        }
        if (verified.isEmpty()) {
            throw GeniException.forbidden("no valid credential was given" + (refusals.isEmpty() ? "" : ": " + String.join("; ", refusals)));
        }
        List<VerifiedCredential> granting = verified.stream().filter(credential -> RegistryPrivileges.covers(credential, operation)).toList();
        if (granting.isEmpty()) {
            throw GeniException.forbidden("the credentials given do not grant \"" + operation + "\"; "
                    + RegistryPrivileges.explain(operation));
        }
        List<X509Certificate> ownerChain = new ArrayList<>(List.of(granting.getFirst().ownerGid()));
        ownerChain.addAll(hosted.intermediates());
        Gid gid = chains.verify(ownerChain, "the credential's owner");
        if (!gid.urn().type().equals("user") || !gid.urn().isUnder(names.authority()) && !hosted.hosts(gid.urn().authorityPath().getFirst())) {
            throw GeniException.forbidden(gid.urn() + " is not a user of this registry's authorities (" + names.authority()
                    + " and those it hosts); ask the registry of your own authority");
        }
        return plc.database().read(handle -> {
            PersonDetails person = persons.personOf(handle, gid.urn()).orElseThrow(() -> GeniException.forbidden(
                    "user " + gid.urn() + " no longer exists at this registry"));
            requireEnabled(person);
            if (!holds(handle, person, key)) {
                throw GeniException.forbidden("the key of " + gid.urn() + "'s GID is no longer one of their keys at PLC;"
                        + " get a new GID and credential with GetSelfCredential");
            }
            Caller caller = Caller.person(person.personId(), person.roles(), person.siteIds(), "geni", Optional.empty());
            return new RegistryCaller(gid, person, caller, granting);
        });
    }

    private static void requireEnabled(PersonDetails person) {
        if (!person.enabled()) {
            throw GeniException.forbidden("the account of " + person.email() + " is disabled at PLC");
        }
    }

    private boolean holds(org.jdbi.v3.core.Handle handle, PersonDetails person, PublicKey key) {
        return plc.keys().keys(handle, Caller.INTERNAL, PersonRef.of(person.personId())).stream()
                .map(stored -> RsaSshKey.parse(stored.key()))
                .anyMatch(parsed -> parsed.isPresent() && RsaSshKey.same(parsed.get(), key));
    }

    private Map<String, Object> version() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("interface", "registry");
        value.put("sfa", 3);
        value.put("hrn", names.authority().replace(':', '.'));
        value.put("urn", names.sliceAuthorityUrn().toString());
        value.put("url", url.get());
        value.put("record_types", Xrn.RECORD_TYPES);
        value.put("peers", Map.of());
        return value;
    }
}
