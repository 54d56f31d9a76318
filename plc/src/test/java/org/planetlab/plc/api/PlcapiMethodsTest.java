package org.planetlab.plc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * The original PLCAPI's smaller methods as its scripts call them: SetPersonPrimarySite,
 * GetSliceKeys, GetSliceFamily, ResolveSlices, RetrieveSlice{Person,Sliver}Keys, AddSession, GetEventObjects, NotifyPersons,
 * NotifySupport, PLC 3's Slice* calls, the vocabularies and GetPlcRelease; on both stores and both encodings, with
 * hostile input refused and nothing changed.
 */
class PlcapiMethodsTest {
    static Stream<Arguments> storesAndEncodings() {
        return Stream.of(Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.JSON),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.XML_RPC));
    }

    @ParameterizedTest
    @MethodSource("storesAndEncodings")
    void originalMethodsAnswerAsTheOriginalDid(StoreKind store, PlcClient.Encoding encoding) throws Exception {
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, String> settings = Map.of("mail.smtp-host", "127.0.0.1", "mail.smtp-port", Integer.toString(port),
                "mail.from", "plc@plc.test", "mail.support", "support@plc.test");
        try (TestingPlc testing = TestingPlc.start(store, Clock.systemUTC(), settings)) {
            PlcClient operator = testing.operator(encoding);
            Registry registry = new Registry(operator);
            long siteA = registry.site("alab");
            long siteB = registry.site("blab");
            Credentials userCredentials = registry.person("user@alab.org", "user", siteA);
            PlcClient userA = operator.as(userCredentials);
            PlcClient userB = operator.as(registry.person("user@blab.org", "user", siteB));
            PlcClient piB = operator.as(registry.person("pi@blab.org", "pi", siteB));
            long userAId = registry.personId("user@alab.org");
            operator.call("AddPersonToSite", userAId, siteB);
            String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsD7FZvfb5cZTlli8hf/VqH/7Fgdu+uGHGX16txrOzk user@alab";
            userA.call("AddPersonKey", userAId, Map.of("key_type", "ssh", "key", key));
            operator.call("AddSlice", Map.of("name", "alab_exp", "url", "https://alab.org/", "description", "test"));
            long sliceId = (Long) rows(operator.call("GetSlices", List.of("alab_exp"))).getFirst().get("slice_id");
            operator.call("AddPersonToSlice", userAId, "alab_exp");

            // SetPersonPrimarySite: the person's own choice among their sites.
            assertThat(userA.call("SetPersonPrimarySite", "user@alab.org", "blab")).isEqualTo(1L);
            assertThat(rows(userA.call("GetPersons", List.of(userAId), List.of("site_ids"))).getFirst())
                    .containsEntry("site_ids", List.of(siteB, siteA));
            assertFault(() -> userB.call("SetPersonPrimarySite", userAId, "alab"), ErrorCode.PERMISSION_DENIED,
                    "persons choose their own");
            assertFault(() -> userB.call("SetPersonPrimarySite", "user@blab.org", "alab"), ErrorCode.INVALID_ARGUMENT,
                    "is not at site alab");

            // GetSliceKeys: a slice's users' keys, to those who may see the slice.
            assertThat(rows(userA.call("GetSliceKeys"))).containsExactly(Map.of("slice_id", sliceId, "name",
                    "alab_exp", "person_id", userAId, "email", "user@alab.org", "key", key));
            assertThat(rows(operator.call("GetSliceKeys", List.of("alab_exp"), List.of("email"))))
                    .containsExactly(Map.of("email", "user@alab.org"));
            assertThat(rows(piB.call("GetSliceKeys", List.of(sliceId)))).isEmpty();

            // GetSliceFamily: defaults, then the slice's own tags.
            assertThat(userA.call("GetSliceFamily", "alab_exp")).isEqualTo("planetlab-debian-x86_64");
            userA.call("SetSliceArch", "alab_exp", "aarch64");
            userA.call("SetSliceFcdistro", sliceId, "trixie");
            assertThat(operator.call("GetSliceFamily", sliceId)).isEqualTo("planetlab-trixie-aarch64");

            // RetrieveSlicePersonKeys and RetrieveSliceSliverKeys: public keys, to anyone.
            PlcClient anonymous = operator.as(new Credentials.Anonymous());
            assertThat(Registry.struct(anonymous.call("RetrieveSlicePersonKeys", "alab_exp")))
                    .isEqualTo(Map.of("user@alab.org", List.of(key)));
            assertThat(Registry.struct(anonymous.call("RetrieveSlicePersonKeys", sliceId,
                    Map.of("email", "user@blab.org")))).isEmpty();
            long sliverNode = registry.node(siteA, "n0.alab.org", "10.9.0.9");
            operator.call("AddTagType", Map.of("tagname", "ssh_key", "min_role_id", 10L));
            operator.call("AddSliceToNodes", "alab_exp", List.of(sliverNode));
            operator.call("AddSliceTag", "alab_exp", "ssh_key", "ssh-ed25519 AAAA sliver", sliverNode);
            assertThat(Registry.struct(anonymous.call("RetrieveSliceSliverKeys", "alab_exp")))
                    .isEqualTo(Map.of("n0.alab.org", "ssh-ed25519 AAAA sliver"));
            assertThat(Registry.struct(anonymous.call("RetrieveSliceSliverKeys", "alab_exp",
                    Map.of("hostname", "other.alab.org")))).isEmpty();
            assertFault(() -> anonymous.call("RetrieveSlicePersonKeys", "alab_nosuch"), ErrorCode.NOT_FOUND,
                    "alab_nosuch");

            // ResolveSlices: anonymous, deleted slices too.
            operator.call("DeleteSlice", "alab_exp");
            assertThat(rows(anonymous.call("ResolveSlices", sliceId))).singleElement()
                    .satisfies(row -> assertThat(row).containsEntry("name", "alab_exp").containsKey("expires")
                            .hasSize(3));

            // AddSession: the operator acts as the person with the key returned.
            String session = (String) operator.call("AddSession", "user@alab.org");
            PlcClient asUser = operator.as(new Credentials.Session(session));
            assertThat(rows(asUser.call("GetPersons", List.of("user@alab.org"), List.of("person_id"))))
                    .containsExactly(Map.of("person_id", userAId));
            assertFault(() -> userA.call("AddSession", "user@blab.org"), ErrorCode.PERMISSION_DENIED, "AddSession");

            // GetEventObjects: who changed this slice, by object.
            assertThat(rows(operator.call("GetEventObjects", Map.of("object_type", "Slice", "object_id", sliceId,
                    "call_name", "DeleteSlice"), List.of("call_name", "object_id", "fault_code"))))
                    .containsExactly(Map.of("call_name", "DeleteSlice", "object_id", sliceId, "fault_code", 0L));

            // NotifyPersons and NotifySupport go out through the mail server.
            assertThat(operator.call("NotifyPersons", List.of("user@alab.org", "user@blab.org"), "Maintenance",
                    "PLC is down at noon.")).isEqualTo(1L);
            assertThat(operator.call("NotifySupport", "Disk full", "on the archive")).isEqualTo(1L);
            MimeMessage[] received = awaitMessages(smtp, 3);
            assertThat(received).hasSize(3);
            assertThat(Arrays.stream(received).flatMap(message -> {
                try {
                    return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString);
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }).distinct()).containsExactlyInAnyOrder("user@alab.org", "user@blab.org", "support@plc.test");
            assertFault(() -> operator.call("NotifyPersons", List.of("nobody@nowhere.org"), "x", "y"),
                    ErrorCode.NOT_FOUND, "no person matches");
            assertFault(() -> operator.call("NotifySupport", "two\r\nBcc: victim@example.org", "y"),
                    ErrorCode.INVALID_ARGUMENT, "subject");
            assertThat(smtp.getReceivedMessages()).hasSize(3);

            // PLC 3's calls do the work of the methods that replaced them, with their rules.
            PlcClient piA = operator.as(registry.person("pi@alab.org", "pi", siteA));
            long nodeA = registry.node(siteA, "n1.alab.org", "10.9.0.1");
            long legacyId = (Long) piA.call("SliceCreate", "alab_legacy", Map.of("url", "https://alab.org/",
                    "description", "from a PLC 3 script"));
            assertThat(piA.call("SliceUserAdd", "alab_legacy", List.of("user@alab.org"))).isEqualTo(1L);
            assertThat(userA.call("SliceNodesAdd", "alab_legacy", List.of("n1.alab.org"))).isEqualTo(1L);
            assertThat(userA.call("SliceNodesList", "alab_legacy")).isEqualTo(List.of("n1.alab.org"));
            assertThat(userA.call("SliceUsersList", "alab_legacy")).isEqualTo(List.of("user@alab.org"));
            assertThat(userA.call("SliceListNames", "alab_")).isEqualTo(List.of("alab_legacy"));
            assertThat(userA.call("SliceListUserSlices", "user@alab.org")).isEqualTo(List.of("alab_legacy"));
            assertThat(userA.call("SliceUpdate", "alab_legacy", "https://alab.org/new", "renamed")).isEqualTo(1L);
            assertThat(rows(userA.call("GetSlices", List.of(legacyId), List.of("url", "node_ids"))))
                    .containsExactly(Map.of("url", "https://alab.org/new", "node_ids", List.of(nodeA)));
            assertFault(() -> userB.call("SliceNodesDel", "alab_legacy", List.of(nodeA)), ErrorCode.PERMISSION_DENIED,
                    "neither a user of slice");
            assertFault(() -> piA.call("SliceCreate", "alab_legacy"), ErrorCode.ALREADY_EXISTS, "alab_legacy");
            assertThat(userA.call("SliceNodesDel", "alab_legacy", List.of(nodeA))).isEqualTo(1L);
            assertThat(piA.call("SliceDelete", "alab_legacy")).isEqualTo(1L);
            assertThat(userA.call("SliceNodesList", "alab_legacy")).isEqualTo(List.of());
            assertThat(rows(operator.call("GetEvents", Map.of("call_name", "SliceCreate"), List.of("fault_code"))))
                    .containsExactly(Map.of("fault_code", 0L), Map.of("fault_code", 102L));
            // PLC 3's summary is served (LegacySliceCallsTest); a deleted slice is no longer in it.
            assertFault(() -> userA.call("SliceInfo", List.of("alab_legacy")), ErrorCode.NOT_FOUND, "no such slice");

            // The vocabularies and the release.
            assertThat(userA.call("GetNodeTypes")).isEqualTo(List.of("regular", "reservable"));
            assertThat(userA.call("GetNetworkMethods")).isEqualTo(List.of("static", "dhcp"));
            assertThat(userA.call("GetSliceInstantiations")).asList().contains("plc-instantiated", "delegated");
            assertThat(Registry.struct(anonymous.call("GetPlcRelease"))).containsKeys("build", "tags", "rpms");
            assertThat(userA.call("BootCheckAuthentication")).isEqualTo(1L);
        } finally {
            smtp.stop();
        }
    }

    private static void assertFault(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
            String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, fault -> {
            assertThat(fault.code()).isEqualTo(code);
            assertThat(fault.getMessage()).contains(text);
        });
    }

    private static MimeMessage[] awaitMessages(GreenMail smtp, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (smtp.getReceivedMessages().length < count && System.nanoTime() < deadline) {
            smtp.waitForIncomingEmail(100, 1);
        }
        return smtp.getReceivedMessages();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
