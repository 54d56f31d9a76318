package org.planetlab.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.InflaterOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.planetlab.am.credential.Privilege;
import org.planetlab.am.rspec.RspecXml;
import org.planetlab.am.testing.AmClient;
import org.planetlab.am.testing.AmTestbed;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;

/**
 * The AM API v3 specification, call by call: the shape of every answer ({@code code} with
 * {@code geni_code}, {@code am_type} and {@code am_code}; {@code value}; {@code output}) and the
 * return codes each call gives in the situations the specification names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmConformanceTest {
    private static final int SUCCESS = 0;
    private static final int BADARGS = 1;
    private static final int FORBIDDEN = 3;
    private static final int BADVERSION = 4;
    private static final int REFUSED = 7;
    private static final int SEARCHFAILED = 12;
    private static final int UNSUPPORTED = 13;
    private static final int BUSY = 14;
    private static final int ALREADYEXISTS = 17;

    private AmTestbed testbed;
    private AmTestbed.TestUser alice;
    private AmClient client;

    @BeforeAll
    void start() {
        testbed = AmTestbed.start(StoreKind.SQLITE);
        alice = testbed.user("alice");
        client = testbed.client(alice);
    }

    @AfterAll
    void stop() {
        testbed.close();
    }

    private List<Object> credentials(String slice) {
        return List.of(AmTestbed.sfa(testbed.sliceCredential(alice, slice)));
    }

    private static String urn(String slice) {
        return AmTestbed.sliceUrn(slice).toString();
    }

    private AmClient.Result allocate(String slice, String rspec) throws Exception {
        return client.call("Allocate", urn(slice), credentials(slice), rspec, Map.of());
    }

    @Test
    @SuppressWarnings("unchecked")
    void getVersionDescribesAnAmApiV3AggregateWithTheStandardReturnStructure() throws Exception {
        AmClient.Result version = client.call("GetVersion", Map.of());
        assertThat(version.answer()).containsKeys("code", "value", "output");
        assertThat((Map<String, Object>) version.answer().get("code")).containsEntry("geni_code", 0L).containsEntry("am_type", "planetlab")
                .containsKey("am_code");
        Map<String, Object> value = version.struct();
        assertThat(value.get("geni_api")).isEqualTo(3L);
        assertThat((List<Map<String, Object>>) value.get("geni_request_rspec_versions")).singleElement()
                .satisfies(rspec -> assertThat(rspec).containsEntry("type", "GENI").containsEntry("version", "3"));
        assertThat((List<Map<String, Object>>) value.get("geni_ad_rspec_versions")).isNotEmpty();
        assertThat((List<Map<String, Object>>) value.get("geni_credential_types")).containsExactly(
                Map.of("geni_type", "geni_sfa", "geni_version", "3"));
        assertThat(value).containsEntry("geni_single_allocation", false).containsEntry("geni_allocate", "geni_many");
        assertThat(client.call("GetVersion").geniCode()).isEqualTo(SUCCESS);
    }

    @Test
    void listResourcesNeedsAnRspecVersionItOffersAndAValidCredential() throws Exception {
        List<Object> mine = List.of(AmTestbed.sfa(testbed.userCredential(alice)));
        assertThat(client.call("ListResources", mine, Map.of()).geniCode()).isEqualTo(BADARGS);
        assertThat(client.call("ListResources", mine, Map.of("geni_rspec_version", Map.of("type", "GENI", "version", "2"))).geniCode())
                .isEqualTo(BADVERSION);
        assertThat(client.call("ListResources", mine, Map.of("geni_rspec_version", Map.of("type", "ProtoGENI", "version", "3"))).geniCode())
                .isEqualTo(BADVERSION);
        assertThat(client.call("ListResources", List.of(), AmEndToEndTest.GENI_3).geniCode()).isEqualTo(FORBIDDEN);
        AmClient.Result other = testbed.client(testbed.user("mallory")).call("ListResources", mine, AmEndToEndTest.GENI_3);
        assertThat(other.geniCode()).isEqualTo(FORBIDDEN);
        assertThat(other.output()).contains("not to the caller");
        AmClient.Result compressed = client.call("ListResources", mine, Map.of("geni_rspec_version",
                Map.of("type", "GENI", "version", "3"), "geni_compressed", true));
        assertThat(compressed.geniCode()).isEqualTo(SUCCESS);
        assertThat(inflate((String) compressed.value())).contains("<rspec").contains(AmTestbed.NODE_1);
        testbed.boot(AmTestbed.NODE_1);
        String available = (String) client.call("ListResources", mine, Map.of("geni_rspec_version", Map.of("type", "GENI", "version", "3"),
                "geni_available", true)).value();
        assertThat(available).contains(AmTestbed.NODE_1).doesNotContain(AmTestbed.NODE_2);
    }

    @Test
    void allocateRefusesWhatItCannotDo() throws Exception {
        assertThat(allocate("badxml", "<rspec").geniCode()).isEqualTo(BADARGS);
        assertThat(allocate("badversion", "<rspec type=\"request\" xmlns=\"http://www.protogeni.net/resources/rspec/2\"/>").geniCode())
                .isEqualTo(BADVERSION);
        assertThat(allocate("unknown", AmEndToEndTest.request("nosuchnode.example.org")).geniCode()).isEqualTo(SEARCHFAILED);
        assertThat(allocate("unbound", "<rspec type=\"request\" xmlns=\"http://www.geni.net/resources/rspec/3\">"
                + "<node client_id=\"n\"/></rspec>").geniCode()).isEqualTo(UNSUPPORTED);
        assertThat(allocate("links", "<rspec type=\"request\" xmlns=\"http://www.geni.net/resources/rspec/3\"><link client_id=\"l\"/></rspec>")
                .geniCode()).isEqualTo(UNSUPPORTED);
        String foreign = "urn:publicid:IDN+ple:inria+slice+demo";
        AmClient.Result refused = client.call("Allocate", foreign, List.of(AmTestbed.sfa(testbed.sliceCredential(alice, "demo"))),
                AmEndToEndTest.request(AmTestbed.NODE_1), Map.of());
        assertThat(refused.geniCode()).isEqualTo(REFUSED);
        assertThat(refused.output()).contains("not served here");
        assertThat(client.call("Allocate", urn("nocred"), credentials("other"), AmEndToEndTest.request(AmTestbed.NODE_1), Map.of()).geniCode())
                .isEqualTo(FORBIDDEN);
        assertThat(client.call("Allocate", urn("twice")).geniCode()).isEqualTo(BADARGS);
        assertThat(allocate("twice", AmEndToEndTest.request(AmTestbed.NODE_1)).geniCode()).isEqualTo(SUCCESS);
        AmClient.Result again = allocate("twice", AmEndToEndTest.request(AmTestbed.NODE_1));
        assertThat(again.geniCode()).isEqualTo(ALREADYEXISTS);
        assertThat(allocate("twice", AmEndToEndTest.request(AmTestbed.NODE_2)).geniCode()).as("another node of the same slice").isEqualTo(SUCCESS);
        assertThat(allocate("double", AmEndToEndTest.request(AmTestbed.NODE_1, AmTestbed.NODE_1)).geniCode()).isEqualTo(BADARGS);
    }

    /** Slice credentials made once per slice: each makes an RSA key for the slice's GID, which is slow. */
    private final Map<String, List<Object>> reservationCredentials = new java.util.HashMap<>();

    private List<Object> reservationCredentials(String slice) {
        return reservationCredentials.computeIfAbsent(slice, this::credentials);
    }

    private AmClient.Result reserve(String slice, String node, Object start, Object end) throws Exception {
        Map<String, Object> options = new java.util.HashMap<>();
        if (start != null) {
            options.put("geni_start_time", start.toString());
        }
        options.put("geni_end_time", end.toString());
        return client.call("Allocate", urn(slice), reservationCredentials(slice), AmEndToEndTest.request(node), options);
    }

    @Test
    @SuppressWarnings("unchecked")
    void geniStartAndEndTimesLeaseReservableNodesWithinTheSpecsRules() throws Exception {
        String reservable = "planetlab3.cs.princeton.edu";
        testbed.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of("princeton"), new NewNode(reservable, Optional.of("reservable"),
                Optional.empty(), Optional.empty(), Optional.empty()));
        long granularity = testbed.plc().leases().granularity();
        Instant now = testbed.clock().instant();
        Instant from = Instant.ofEpochSecond((now.getEpochSecond() / granularity + 2) * granularity);
        Instant until = from.plus(Duration.ofHours(2));

        // What the specification and PLC's leases refuse, each with its reason (a refused Allocate leaves nothing,
        // so each is tried on the slice that is then granted its window).
        AmClient.Result past = reserve("early", reservable, now.minus(Duration.ofHours(1)), until);
        assertThat(past.geniCode()).isEqualTo(BADARGS);
        assertThat(past.output()).contains("is in the past");
        AmClient.Result backwards = reserve("early", reservable, until, from);
        assertThat(backwards.geniCode()).isEqualTo(BADARGS);
        assertThat(backwards.output()).contains("is not after geni_start_time");
        AmClient.Result startOnly = client.call("Allocate", urn("early"), reservationCredentials("early"), AmEndToEndTest.request(reservable),
                Map.of("geni_start_time", from.toString()));
        assertThat(startOnly.geniCode()).isEqualTo(BADARGS);
        assertThat(startOnly.output()).contains("needs geni_end_time");
        AmClient.Result beyondCredential = reserve("early", reservable, from, now.plus(Duration.ofDays(40)));
        assertThat(beyondCredential.geniCode()).isEqualTo(BADARGS);
        assertThat(beyondCredential.output()).contains("credential");
        assertThat(reserve("early", reservable, "tomorrow", until).geniCode()).isEqualTo(BADARGS);
        AmClient.Result shared = reserve("early", AmTestbed.NODE_1, from, until);
        assertThat(shared.geniCode()).isEqualTo(REFUSED);
        assertThat(shared.output()).contains(AmTestbed.NODE_1 + " is not reservable");

        // A window on a reservable node is a PLC lease, its times in the sliver's status.
        AmClient.Result early = reserve("early", reservable, from, until);
        assertThat(early.geniCode()).as(early.output()).isEqualTo(SUCCESS);
        Map<String, Object> sliver = ((List<Map<String, Object>>) early.struct().get("geni_slivers")).getFirst();
        assertThat(sliver).containsEntry("geni_start_time", from.toString()).containsEntry("geni_end_time", until.toString());
        Map<String, Object> status = ((List<Map<String, Object>>) client.call("Status", List.of(urn("early")), reservationCredentials("early"),
                Map.of()).struct().get("geni_slivers")).getFirst();
        assertThat(status).containsEntry("geni_start_time", from.toString()).containsEntry("geni_end_time", until.toString());
        // Another slice asking for an overlapping window is refused as busy, naming the lease in the way; one that
        // touches it is granted; nothing of a refused Allocate remains.
        AmClient.Result overlapping = reserve("late", reservable, from.plus(Duration.ofHours(1)), until.plus(Duration.ofHours(1)));
        assertThat(overlapping.geniCode()).isEqualTo(BUSY);
        assertThat(overlapping.output()).contains("princeton_early");
        assertThat(testbed.plc().slices().slice(Caller.INTERNAL, org.planetlab.plc.slice.SliceRef.of("princeton_late"))).isEmpty();
        assertThat(reserve("late", reservable, until, until.plus(Duration.ofHours(1))).geniCode()).isEqualTo(SUCCESS);
        // Delete gives the window back.
        assertThat(client.call("Delete", List.of(urn("early")), reservationCredentials("early"), Map.of()).geniCode()).isEqualTo(SUCCESS);
        assertThat(reserve("again", reservable, from, until).geniCode()).isEqualTo(SUCCESS);
    }

    @Test
    void callsOnSlicesWithoutSliversHereFindNothing() throws Exception {
        for (String method : List.of("Provision", "Status", "Describe", "Delete")) {
            assertThat(client.call(method, List.of(urn("empty")), credentials("empty"), Map.of()).geniCode()).as(method).isEqualTo(SEARCHFAILED);
        }
        assertThat(client.call("Renew", List.of(urn("empty")), credentials("empty"), Instant.now().plus(Duration.ofDays(1)).toString(),
                Map.of()).geniCode()).isEqualTo(SEARCHFAILED);
        assertThat(client.call("PerformOperationalAction", List.of(urn("empty")), credentials("empty"), "geni_start", Map.of()).geniCode())
                .isEqualTo(SEARCHFAILED);
        assertThat(client.call("Status", List.of("urn:publicid:IDN+plc+sliver+999999-1"), credentials("empty"), Map.of()).geniCode())
                .isEqualTo(SEARCHFAILED);
        assertThat(client.call("Status", List.of(), credentials("empty"), Map.of()).geniCode()).isEqualTo(BADARGS);
    }

    @Test
    void operationalActionsNeedProvisionedSliversAndAKnownAction() throws Exception {
        assertThat(allocate("actions", AmEndToEndTest.request(AmTestbed.NODE_1)).geniCode()).isEqualTo(SUCCESS);
        assertThat(client.call("PerformOperationalAction", List.of(urn("actions")), credentials("actions"), "geni_start", Map.of()).geniCode())
                .isEqualTo(REFUSED);
        AmClient.Result status = client.call("Status", List.of(urn("actions")), credentials("actions"), Map.of());
        assertThat(AmEndToEndTest.slivers(status.struct())).singleElement().satisfies(sliver -> {
            assertThat(sliver.get("geni_allocation_status")).isEqualTo("geni_allocated");
            assertThat(sliver.get("geni_operational_status")).isEqualTo("geni_pending_allocation");
        });
        assertThat(client.call("Provision", List.of(urn("actions")), credentials("actions"), Map.of("geni_users",
                List.of(Map.of("urn", alice.gid().urn().toString(), "keys", List.of("not a key"))))).geniCode()).isEqualTo(BADARGS);
        assertThat(client.call("Provision", List.of(urn("actions")), credentials("actions"), Map.of()).geniCode()).isEqualTo(SUCCESS);
        assertThat(client.call("PerformOperationalAction", List.of(urn("actions")), credentials("actions"), "geni_reboot", Map.of()).geniCode())
                .isEqualTo(UNSUPPORTED);
        List<Object> readOnly = List.of(AmTestbed.sfa(testbed.sliceCredential(alice, "actions", Duration.ofDays(1),
                List.of(new Privilege("info", false)))));
        assertThat(client.call("PerformOperationalAction", List.of(urn("actions")), readOnly, "geni_start", Map.of()).geniCode())
                .isEqualTo(FORBIDDEN);
        assertThat(client.call("Status", List.of(urn("actions")), readOnly, Map.of()).geniCode()).isEqualTo(SUCCESS);
        assertThat(client.call("PerformOperationalAction", List.of(urn("actions")), credentials("actions"), "geni_start", Map.of()).geniCode())
                .isEqualTo(SUCCESS);
    }

    @Test
    void operationalStatusIsWhatTheNodeReportsOfTheSliver() throws Exception {
        assertThat(allocate("reported", AmEndToEndTest.request(AmTestbed.NODE_2)).geniCode()).isEqualTo(SUCCESS);
        assertThat(client.call("Provision", List.of(urn("reported")), credentials("reported"), Map.of()).geniCode()).isEqualTo(SUCCESS);
        assertThat(operational("reported")).containsEntry("geni_operational_status", "geni_notready");
        assertThat(client.call("PerformOperationalAction", List.of(urn("reported")), credentials("reported"), "geni_start", Map.of())
                .geniCode()).isEqualTo(SUCCESS);
        // PLC started the slice, but the node has not made the sliver yet: not ready until it says so.
        assertThat(operational("reported")).containsEntry("geni_operational_status", "geni_configuring");
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("building", "geni_configuring");
        expected.put("running", "geni_ready");
        expected.put("stopped", "geni_configuring");
        expected.put("failed", "geni_failed");
        for (Map.Entry<String, String> state : expected.entrySet()) {
            String reason = state.getKey().equals("failed") ? "image vserver-f37 is not on the node" : "";
            testbed.reportSliverState(AmTestbed.NODE_2, "princeton_reported", state.getKey(), reason);
            assertThat(operational("reported")).as(state.getKey()).containsEntry("geni_operational_status", state.getValue())
                    .containsEntry("geni_error", reason);
        }
        // Stopped at PLC while the node still runs it: stopping, until the node reports it stopped.
        testbed.reportSliverState(AmTestbed.NODE_2, "princeton_reported", "running", "");
        assertThat(client.call("PerformOperationalAction", List.of(urn("reported")), credentials("reported"), "geni_stop", Map.of())
                .list()).singleElement().satisfies(sliver -> assertThat(sliver).containsEntry("geni_operational_status", "geni_stopping"));
        testbed.reportSliverState(AmTestbed.NODE_2, "princeton_reported", "stopped", "");
        assertThat(operational("reported")).containsEntry("geni_operational_status", "geni_notready");
    }

    private Map<String, Object> operational(String slice) throws Exception {
        return AmEndToEndTest.slivers(client.call("Status", List.of(urn(slice)), credentials(slice), Map.of()).struct()).getFirst();
    }

    @Test
    void renewStaysWithinPlcsLimitAndTheCredential() throws Exception {
        assertThat(allocate("renewal", AmEndToEndTest.request(AmTestbed.NODE_2)).geniCode()).isEqualTo(SUCCESS);
        List<Object> longCredential = List.of(AmTestbed.sfa(testbed.sliceCredential(alice, "renewal", Duration.ofDays(120),
                List.of(new Privilege("refresh", true), new Privilege("info", true)))));
        assertThat(client.call("Provision", List.of(urn("renewal")), longCredential, Map.of()).geniCode()).isEqualTo(SUCCESS);
        Instant now = testbed.clock().instant();
        assertThat(client.call("Renew", List.of(urn("renewal")), longCredential, now.minusSeconds(60).toString(), Map.of()).geniCode())
                .isEqualTo(BADARGS);
        assertThat(client.call("Renew", List.of(urn("renewal")), longCredential, "next tuesday", Map.of()).geniCode()).isEqualTo(BADARGS);
        AmClient.Result tooFar = client.call("Renew", List.of(urn("renewal")), longCredential, now.plus(Duration.ofDays(90)).toString(), Map.of());
        assertThat(tooFar.geniCode()).isEqualTo(REFUSED);
        assertThat(tooFar.output()).contains("8 weeks");
        AmClient.Result asFarAsAllowed = client.call("Renew", List.of(urn("renewal")), longCredential, now.plus(Duration.ofDays(90)).toString(),
                Map.of("geni_extend_alap", true));
        assertThat(asFarAsAllowed.geniCode()).isEqualTo(SUCCESS);
        Instant expires = Instant.parse((String) asFarAsAllowed.list().getFirst().get("geni_expires"));
        assertThat(expires).isBetween(now.plus(Duration.ofDays(56)).minusSeconds(5), now.plus(Duration.ofDays(56)).plusSeconds(5));
        List<Object> shortCredential = List.of(AmTestbed.sfa(testbed.sliceCredential(alice, "renewal", Duration.ofDays(3),
                List.of(new Privilege("refresh", true)))));
        assertThat(client.call("Renew", List.of(urn("renewal")), shortCredential, now.plus(Duration.ofDays(10)).toString(), Map.of()).geniCode())
                .isEqualTo(BADARGS);
        Instant sooner = now.plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        assertThat(client.call("Renew", List.of(urn("renewal")), shortCredential, sooner.toString(), Map.of()).list().getFirst()
                .get("geni_expires")).isEqualTo(sooner.toString());
    }

    @Test
    void shutdownNeedsItsPrivilegeAndThenOnlyOperatorsMayStartTheSliceAgain() throws Exception {
        assertThat(allocate("runaway", AmEndToEndTest.request(AmTestbed.NODE_1)).geniCode()).isEqualTo(SUCCESS);
        assertThat(client.call("Provision", List.of(urn("runaway")), credentials("runaway"), Map.of()).geniCode()).isEqualTo(SUCCESS);
        assertThat(client.call("PerformOperationalAction", List.of(urn("runaway")), credentials("runaway"), "geni_start", Map.of()).geniCode())
                .isEqualTo(SUCCESS);
        assertThat(client.call("Shutdown", urn("runaway"), credentials("runaway"), Map.of()).geniCode()).isEqualTo(FORBIDDEN);
        List<Object> operator = List.of(AmTestbed.sfa(testbed.sliceCredential(alice, "runaway", Duration.ofDays(1),
                List.of(new Privilege("shutdown", false)))));
        AmClient.Result shutdown = client.call("Shutdown", urn("runaway"), operator, Map.of());
        assertThat(shutdown.geniCode()).isEqualTo(SUCCESS);
        assertThat(shutdown.value()).isEqualTo(true);
        AmClient.Result restart = client.call("PerformOperationalAction", List.of(urn("runaway")), credentials("runaway"), "geni_start", Map.of());
        assertThat(restart.geniCode()).isEqualTo(FORBIDDEN);
        assertThat(restart.output()).contains("stopped by PlanetLab operators");
    }

    @Test
    void sliverAttributesOfTheRequestBecomeSliceAttributesOnTheNodeWithinWhatPlcLetsUsersSet() throws Exception {
        String attributes = "<rspec type=\"request\" xmlns=\"http://www.geni.net/resources/rspec/3\""
                + " xmlns:planetlab=\"http://www.planet-lab.org/resources/rspec/ext/planetlab/1\">"
                + "<node client_id=\"n\" component_id=\"urn:publicid:IDN+plc:princeton+node+" + AmTestbed.NODE_2 + "\">"
                + "<planetlab:attribute name=\"%s\" value=\"%s\"/></node></rspec>";
        AmClient.Result operatorOnly = allocate("greedy", attributes.formatted("cpu_share", "64"));
        assertThat(operatorOnly.geniCode()).as(operatorOnly.toString()).isEqualTo(FORBIDDEN);
        assertThat(allocate("greedy", attributes.formatted("cpu_shares", "1")).geniCode()).isEqualTo(BADARGS);
        assertThat(allocate("greedy", attributes.formatted("vref", "not a name!")).geniCode()).isEqualTo(BADARGS);
        assertThat(client.call("Status", List.of(urn("greedy")), credentials("greedy"), Map.of()).geniCode())
                .as("a refused Allocate leaves nothing").isEqualTo(SEARCHFAILED);
        AmClient.Result allocated = allocate("scripted", attributes.formatted("bootscript", "echo started"));
        assertThat(allocated.geniCode()).as(allocated.toString()).isEqualTo(SUCCESS);
        AmClient.Result provisioned = client.call("Provision", List.of(urn("scripted")), credentials("scripted"), Map.of());
        assertThat((String) provisioned.struct().get("geni_rspec")).contains("name=\"bootscript\" value=\"echo started\"")
                .contains("name=\"cpu_share\" unit=\"shares\" value=\"1\"");
        assertThat(AmEndToEndTest.sliver(testbed, AmTestbed.NODE_2, "princeton_scripted").rspec()).containsEntry("bootscript", "echo started");

        // Describe and ListResources parse back as the §4.10 hierarchy: the slice's sliver on its node, with the
        // attributes and keys the node gives it; in the advertisement every sliver on the node, without keys.
        String key = TestKeys.ed25519("alice@describe");
        assertThat(client.call("Provision", List.of(urn("scripted")), credentials("scripted"), Map.of("geni_users",
                List.of(Map.of("urn", alice.gid().urn().toString(), "keys", List.of(key))))).geniCode()).isEqualTo(SUCCESS);
        String manifest = (String) client.call("Describe", List.of(urn("scripted")), credentials("scripted"), AmEndToEndTest.GENI_3)
                .struct().get("geni_rspec");
        assertThat(manifest).contains("<login authentication=\"ssh-keys\" hostname=\"" + AmTestbed.NODE_2 + "\"");
        RspecXml.Read described = RspecXml.read(manifest);
        assertThat(described.form()).isEqualTo(RspecXml.Form.MANIFEST);
        assertThat(described.nodes()).singleElement().satisfies(node -> {
            assertThat(node.componentId().name()).isEqualTo(AmTestbed.NODE_2);
            assertThat(node.pools()).isEmpty();
            assertThat(node.slivers()).singleElement().satisfies(sliver -> {
                assertThat(sliver.name()).isEqualTo("princeton_scripted");
                assertThat(sliver.rspec().value(RspecAttribute.BOOTSCRIPT)).contains("echo started");
                assertThat(sliver.rspec().keys()).contains(key);
            });
        });
        String advertisement = (String) client.call("ListResources", List.of(AmTestbed.sfa(testbed.userCredential(alice))),
                AmEndToEndTest.GENI_3).value();
        assertThat(advertisement).contains("<sliver_type name=\"plab-vserver\">").contains("<planetlab:attribute name=\"cpu_share\"");
        RspecXml.Read advertised = RspecXml.read(advertisement);
        assertThat(advertised.form()).isEqualTo(RspecXml.Form.ADVERTISEMENT);
        assertThat(advertised.nodes()).filteredOn(node -> node.componentId().name().equals(AmTestbed.NODE_2)).singleElement()
                .satisfies(node -> assertThat(node.slivers()).filteredOn(sliver -> sliver.name().equals("princeton_scripted"))
                        .singleElement().satisfies(sliver -> {
                            assertThat(sliver.rspec().value(RspecAttribute.BOOTSCRIPT)).contains("echo started");
                            assertThat(sliver.rspec().keys()).isEmpty();
                        }));
    }

    @Test
    void aDelegatedCredentialActsForItsNewOwner() throws Exception {
        AmTestbed.TestUser bob = testbed.user("bob");
        String delegated = new org.planetlab.am.credential.CredentialSigner().sign(new org.planetlab.am.credential.CredentialSigner.Content(
                bob.gid(), testbed.authority().issue(AmTestbed.sliceUrn("shared"), bob.keys().getPublic(), Duration.ofDays(1)),
                testbed.clock().instant().plus(Duration.ofDays(1)), List.of(new Privilege("refresh", false), new Privilege("info", false)),
                java.util.Optional.of(testbed.sliceCredential(alice, "shared"))), alice.keys().getPrivate(),
                List.of(alice.gid().certificate(), testbed.authority().gid().certificate()));
        AmClient.Result allocated = testbed.client(bob).call("Allocate", urn("shared"), List.of(AmTestbed.sfa(delegated)),
                AmEndToEndTest.request(AmTestbed.NODE_2), Map.of());
        assertThat(allocated.geniCode()).as(allocated.toString()).isEqualTo(SUCCESS);
    }

    @Test
    void whatIsNotAnAmApiCallIsAnXmlRpcFault() throws Exception {
        assertThat(client.raw("CreateSliver", "x")).isInstanceOfSatisfying(XmlRpcResponse.Fault.class,
                fault -> assertThat(fault.faultString()).contains("AM API v3"));
        assertThat(client.call("Status", "not a list", List.of(), Map.of()).geniCode()).isEqualTo(BADARGS);
        assertThat(client.call("Describe", List.of(urn("x")), List.of("<garbage"), Map.of()).geniCode()).isEqualTo(FORBIDDEN);
    }

    private static String inflate(String base64) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InflaterOutputStream inflater = new InflaterOutputStream(out)) {
            inflater.write(Base64.getDecoder().decode(base64));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
