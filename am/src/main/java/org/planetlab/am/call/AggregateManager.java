package org.planetlab.am.call;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.am.credential.CredentialVerifier;
import org.planetlab.am.credential.GidChains;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.geni.GeniResult;
import org.planetlab.am.gid.Gid;
import org.planetlab.am.http.GeniService;
import org.planetlab.am.rspec.RspecDocument;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.plc.Plc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GENI Aggregate Manager API version 3 over PLC's services: every call answers
 * {@code {code, value, output}}, never an XML-RPC fault, whatever went wrong; PLC's own errors are
 * translated to the nearest GENI code. The caller is the GID of the TLS client certificate.
 */
public final class AggregateManager implements GeniService {
    private static final Logger LOG = LoggerFactory.getLogger(AggregateManager.class);
    public static final List<String> METHODS = List.of("GetVersion", "ListResources", "Describe", "Allocate", "Renew",
            "Provision", "Status", "PerformOperationalAction", "Delete", "Shutdown");

    private final GidChains chains;
    private final CredentialVerifier verifier;
    private final Resources resources;
    private final SliverOperations slivers;
    private final NameMapping names;
    private final java.util.function.Supplier<String> url;

    /** @param url this aggregate's URL, as GetVersion advertises it */
    public AggregateManager(Plc plc, NameMapping names, GidChains chains, CredentialVerifier verifier, Clock clock,
            java.util.function.Supplier<String> url) {
        requireNonNull(plc, "plc is null");
        this.names = requireNonNull(names, "names is null");
        this.chains = requireNonNull(chains, "chains is null");
        this.verifier = requireNonNull(verifier, "verifier is null");
        this.url = requireNonNull(url, "url is null");
        this.resources = new Resources(plc, names, clock);
        this.slivers = new SliverOperations(plc, names, resources, clock);
    }

    /** Whether {@code method} is an AM API call (others are XML-RPC faults, as for any unknown method). */
    @Override
    public boolean knows(String method) {
        return METHODS.contains(method);
    }

    @Override
    public String description() {
        return "a GENI aggregate manager (AM API v3)";
    }

    @Override
    public List<String> methods() {
        return METHODS;
    }

    /** Every AM API call answers with a result struct, never a fault. */
    @Override
    public XmlRpcResponse call(String method, List<Object> params, List<X509Certificate> callerChain) {
        return new XmlRpcResponse.Success(answer(method, params, callerChain));
    }

    /**
     * Runs one call.
     *
     * @param callerChain the client's certificate chain from the TLS handshake, its own first
     */
    public Map<String, Object> answer(String method, List<Object> params, List<X509Certificate> callerChain) {
        CallArguments arguments = new CallArguments(method, params);
        try {
            if (method.equals("GetVersion")) {
                arguments.requireCount(0, 1);
                Map<String, Object> answer = GeniResult.success(version());
                answer.put("geni_api", 3);
                return answer;
            }
            if (callerChain.isEmpty()) {
                throw GeniException.forbidden("the caller presented no client certificate (its GID)");
            }
            Gid caller = chains.verify(callerChain, "the client certificate");
            X509Certificate certificate = callerChain.getFirst();
            return GeniResult.success(switch (method) {
                case "ListResources" -> {
                    arguments.requireCount(2, 2);
                    new CallerCredentials(arguments.list(0, "credentials"), verifier, certificate).any();
                    yield resources.listResources(arguments.options(1));
                }
                case "Allocate" -> {
                    arguments.requireCount(3, 4);
                    yield slivers.allocate(arguments.string(0, "slice_urn"), credentials(arguments, 1, certificate),
                            arguments.string(2, "rspec"), arguments.options(3), caller);
                }
                case "Provision" -> {
                    arguments.requireCount(2, 3);
                    yield slivers.provision(urns(arguments), credentials(arguments, 1, certificate), arguments.options(2), caller);
                }
                case "Status" -> {
                    arguments.requireCount(2, 3);
                    yield slivers.status(urns(arguments), credentials(arguments, 1, certificate));
                }
                case "Describe" -> {
                    arguments.requireCount(2, 3);
                    yield slivers.describe(urns(arguments), credentials(arguments, 1, certificate), arguments.options(2));
                }
                case "PerformOperationalAction" -> {
                    arguments.requireCount(3, 4);
                    yield slivers.performOperationalAction(urns(arguments), credentials(arguments, 1, certificate),
                            arguments.string(2, "action"), caller);
                }
                case "Renew" -> {
                    arguments.requireCount(3, 4);
                    yield slivers.renew(urns(arguments), credentials(arguments, 1, certificate),
                            arguments.time(2, "expiration_time"), arguments.options(3), caller);
                }
                case "Delete" -> {
                    arguments.requireCount(2, 3);
                    yield slivers.delete(urns(arguments), credentials(arguments, 1, certificate), caller);
                }
                case "Shutdown" -> {
                    arguments.requireCount(2, 3);
                    yield slivers.shutdown(arguments.string(0, "slice_urn"), credentials(arguments, 1, certificate), caller);
                }
                default -> throw new GeniException(GeniCode.UNSUPPORTED, method + " is not an AM API v3 call");
            });
        } catch (GeniException e) {
            return GeniResult.failure(e.code(), method + ": " + e.getMessage());
        } catch (PlanetLabException e) {
            if (e.getCause() instanceof GeniException geni) {
                return GeniResult.failure(geni.code(), method + ": " + geni.getMessage());
            }
            return GeniResult.failure(GeniCode.of(e.code()), method + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} failed unexpectedly", method, e);
            return GeniResult.failure(GeniCode.SERVERERROR, method + ": the aggregate failed unexpectedly ("
                    + e.getClass().getSimpleName() + "); the failure is logged at PLC");
        }
    }

    private CallerCredentials credentials(CallArguments arguments, int index, X509Certificate caller) {
        return new CallerCredentials(arguments.list(index, "credentials"), verifier, caller);
    }

    private static List<String> urns(CallArguments arguments) {
        List<?> urns = arguments.list(0, "urns");
        if (urns.isEmpty()) {
            throw GeniException.badArgs("urns is empty; name a slice or some of its slivers");
        }
        return urns.stream().map(urn -> {
            if (!(urn instanceof String text)) {
                throw GeniException.badArgs("urns must hold strings");
            }
            return text;
        }).toList();
    }

    private Map<String, Object> version() {
        Map<String, Object> rspecVersion = new LinkedHashMap<>();
        rspecVersion.put("type", "GENI");
        rspecVersion.put("version", "3");
        rspecVersion.put("namespace", RspecDocument.NAMESPACE);
        rspecVersion.put("extensions", List.of(RspecDocument.PLANETLAB_NAMESPACE));
        Map<String, Object> request = new LinkedHashMap<>(rspecVersion);
        request.put("schema", RspecDocument.REQUEST_SCHEMA);
        Map<String, Object> advertisement = new LinkedHashMap<>(rspecVersion);
        advertisement.put("schema", RspecDocument.AD_SCHEMA);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("geni_api", 3);
        value.put("geni_api_versions", Map.of("3", url.get()));
        value.put("geni_request_rspec_versions", List.of(request));
        value.put("geni_ad_rspec_versions", List.of(advertisement));
        value.put("geni_credential_types", List.of(Map.of("geni_type", "geni_sfa", "geni_version", "3")));
        value.put("geni_single_allocation", false);
        value.put("geni_allocate", "geni_many");
        value.put("geni_urn", names.aggregateUrn().toString());
        value.put("hrn", names.authority().replace(':', '.'));
        return value;
    }
}
