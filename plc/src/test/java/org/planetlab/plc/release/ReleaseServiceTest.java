package org.planetlab.plc.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.release.ReleaseMetadata;
import org.planetlab.trust.release.ReleaseVerifier;
import org.planetlab.trust.release.TrustedReleaseState;
import org.planetlab.trust.release.VerifiedRelease;

/**
 * Operators publish releases over the wire; PLC keeps them in its store and data directory, lists
 * them, serves their files in chunks and signs metadata a node accepts; the key rotates without
 * leaving nodes without a current release.
 */
class ReleaseServiceTest {
    private static final byte[] JAR = randomBytes(2_500_000);
    private static final byte[] RUNNER = "#!/bin/sh\nexec sliver-runner \"$@\"\n".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void operatorsPublishAndListAndNodesGetSignedMetadata(StoreKind store) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            ReleaseService releases = testing.plc().releases();
            assertThatThrownBy(() -> testing.plc().database().read(releases::nodeRelease))
                    .hasMessageContaining("no node software release has been published yet");

            assertThat(operator.call("AddRelease", "first", List.of(file("planetlab-node.jar", JAR), file("sliver-runner", RUNNER))))
                    .isEqualTo(1L);
            assertThat(operator.call("AddRelease", "second", List.of(file("sliver-runner", RUNNER)))).isEqualTo(2L);
            List<Map<String, Object>> listed = Registry.rows(operator.call("GetReleases"));
            assertThat(listed).extracting(row -> row.get("release_number")).containsExactly(2L, 1L);
            assertThat(listed.get(1)).containsEntry("label", "first").containsEntry("published_by",
                    new Registry(operator).personId(TestingPlc.OPERATOR_EMAIL));
            assertThat(Registry.rows(listed.get(1).get("files"))).extracting(row -> row.get("name"), row -> row.get("length"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("planetlab-node.jar", (long) JAR.length),
                            org.assertj.core.groups.Tuple.tuple("sliver-runner", (long) RUNNER.length));

            assertThat(download(operator, 1, "planetlab-node.jar")).isEqualTo(JAR);
            assertThat(download(operator, 2, "sliver-runner")).isEqualTo(RUNNER);

            ReleaseVerifier verifier = new ReleaseVerifier(testing.plc().trust().roots(), java.time.Clock.systemUTC());
            ReleaseMetadata metadata = testing.plc().database().read(releases::nodeRelease);
            VerifiedRelease verified = verifier.verify(metadata, TrustedReleaseState.NONE);
            assertThat(verified.release().number()).isEqualTo(2);

            assertThat(operator.call("RotateReleaseKey")).isEqualTo(2L);
            VerifiedRelease rotated = verifier.verify(testing.plc().database().read(releases::nodeRelease), verified.state());
            assertThat(rotated.release().number()).as("the current release is signed again with the new key").isEqualTo(2);
            assertThat(rotated.delegation().keyId()).isNotEqualTo(verified.delegation().keyId());
            assertThatThrownBy(() -> verifier.verify(metadata, rotated.state())).hasMessageContaining("rotated out");

            assertThat(operator.call("RollbackRelease")).as("back to release 1's files, as release 3").isEqualTo(3L);
            VerifiedRelease back = verifier.verify(testing.plc().database().read(releases::nodeRelease), rotated.state());
            assertThat(back.release().number()).isEqualTo(3);
            assertThat(back.release().label()).isEqualTo("rollback to 1 (first)");
            assertThat(back.release().files()).extracting(org.planetlab.trust.release.ReleaseFile::name)
                    .containsExactly("planetlab-node.jar", "sliver-runner");
            assertThat(download(operator, 3, "planetlab-node.jar")).isEqualTo(JAR);
            assertThat(operator.call("RollbackRelease", 2)).isEqualTo(4L);
            refused(() -> operator.call("RollbackRelease", 4), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("RollbackRelease", 99), ErrorCode.NOT_FOUND);
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = "SQLITE")
    void badPublicationsAreRefusedAndChangeNothing(StoreKind store) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("relsite");
            PlcClient tech = operator.as(registry.person("tech@relsite.org", "tech", siteId));
            refused(() -> tech.call("AddRelease", "mine", List.of(file("a", RUNNER))), ErrorCode.PERMISSION_DENIED);
            refused(() -> operator.call("AddRelease", "escape", List.of(file("../a", RUNNER))), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("AddRelease", "twice", List.of(file("a", RUNNER), file("a", RUNNER))), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("AddRelease", "empty", List.of()), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("AddRelease", "garbled", List.of(Map.of("name", "a", "content", "!!not base64"))),
                    ErrorCode.INVALID_ARGUMENT);
            assertThat(Registry.rows(operator.call("GetReleases"))).isEmpty();
            operator.call("AddRelease", "ok", List.of(file("a", RUNNER)));
            refused(() -> operator.call("GetReleaseFile", 1, "b", 0), ErrorCode.NOT_FOUND);
            refused(() -> operator.call("GetReleaseFile", 1, "a", RUNNER.length + 1), ErrorCode.INVALID_ARGUMENT);
            assertThat(operator.call("GetReleaseFile", 1, "a", RUNNER.length)).isEqualTo("");
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = "SQLITE")
    void aReleaseLargerThanOneRequestIsUploadedInChunks(StoreKind store) {
        try (TestingPlc testing = TestingPlc.start(store, java.time.Clock.systemUTC(), Map.of("max-request-bytes", "1048576"))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            assertThatThrownBy(() -> operator.call("AddRelease", "too big", List.of(file("planetlab-node.jar", JAR))))
                    .as("one request is bounded by max-request-bytes").isInstanceOf(PlanetLabException.class);
            String upload = (String) operator.call("StartReleaseUpload");
            long offset = 0;
            for (int start = 0; start < JAR.length; start += 500_000) {
                byte[] chunk = java.util.Arrays.copyOfRange(JAR, start, Math.min(JAR.length, start + 500_000));
                offset = (Long) operator.call("UploadReleaseChunk", upload, "planetlab-node.jar", offset,
                        Base64.getEncoder().encodeToString(chunk));
            }
            assertThat(offset).isEqualTo(JAR.length);
            operator.call("UploadReleaseChunk", upload, "sliver-runner", 0, Base64.getEncoder().encodeToString(RUNNER));
            refused(() -> operator.call("UploadReleaseChunk", upload, "sliver-runner", 0, Base64.getEncoder().encodeToString(RUNNER)),
                    ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("UploadReleaseChunk", upload, "../escape", 0, ""), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("UploadReleaseChunk", "../../trust", "a", 0, ""), ErrorCode.INVALID_ARGUMENT);
            refused(() -> operator.call("UploadReleaseChunk", "0".repeat(32), "a", 0, ""), ErrorCode.NOT_FOUND);

            assertThat(operator.call("PublishReleaseUpload", upload, "large")).isEqualTo(1L);
            assertThat(download(operator, 1, "planetlab-node.jar")).isEqualTo(JAR);
            assertThat(download(operator, 1, "sliver-runner")).isEqualTo(RUNNER);
            ReleaseVerifier verifier = new ReleaseVerifier(testing.plc().trust().roots(), java.time.Clock.systemUTC());
            assertThat(verifier.verify(testing.plc().database().read(testing.plc().releases()::nodeRelease), TrustedReleaseState.NONE)
                    .release().files()).extracting(org.planetlab.trust.release.ReleaseFile::length)
                    .containsExactly((long) JAR.length, (long) RUNNER.length);
            refused(() -> operator.call("PublishReleaseUpload", upload, "again"), ErrorCode.NOT_FOUND);
        }
    }

    private static byte[] download(PlcClient client, long number, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            byte[] chunk = Base64.getDecoder().decode((String) client.call("GetReleaseFile", number, name, out.size()));
            if (chunk.length == 0) {
                return out.toByteArray();
            }
            out.writeBytes(chunk);
        }
    }

    private static Map<String, Object> file(String name, byte[] content) {
        return Map.of("name", name, "content", Base64.getEncoder().encodeToString(content));
    }

    private static void refused(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(13).nextBytes(bytes);
        return bytes;
    }
}
