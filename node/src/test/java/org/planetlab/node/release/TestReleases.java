package org.planetlab.node.release;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.release.Release;
import org.planetlab.trust.release.ReleaseDelegation;
import org.planetlab.trust.release.ReleaseFile;
import org.planetlab.trust.release.ReleaseMetadata;
import org.planetlab.trust.release.ReleaseSigner;
import org.planetlab.trust.release.ReleaseTimestamp;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.planetlab.trust.xml.XmlSignatures;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** A publisher for tests, as PLC publishes: a root, release keys it delegates to, signed releases and timestamps. */
final class TestReleases {
    final SecureRandom random = new SecureRandom();
    final KeyPair rootKeys = KeyAlgorithm.EC_P256.generate(random);
    final Credential root = Credential.root(rootKeys);
    private final Clock clock;
    private long timestampSequence = 1;

    TestReleases(Clock clock) {
        this.clock = clock;
    }

    KeyPair newKey() {
        return KeyAlgorithm.EC_P256.generate(random);
    }

    String delegate(long sequence, KeyPair releaseKey, Credential signer, Validity validity) {
        return ReleaseSigner.signDelegation(new ReleaseDelegation(sequence, releaseKey.getPublic(), validity), signer);
    }

    String delegate(long sequence, KeyPair releaseKey) {
        return delegate(sequence, releaseKey, root, Validity.starting(clock.instant(), Duration.ofDays(365)));
    }

    static Map<String, byte[]> files(String version) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("planetlab-node.jar", ("node agent " + version + " ").repeat(3000).getBytes(StandardCharsets.UTF_8));
        files.put("sliver-runner", ("runner " + version).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    static Release release(long number, Map<String, byte[]> files, Validity validity) {
        List<ReleaseFile> entries = new ArrayList<>();
        files.forEach((name, bytes) -> entries.add(new ReleaseFile(name, bytes.length, sha256(bytes))));
        return new Release(number, "release-" + number, entries, validity);
    }

    Validity fromNow(Duration length) {
        return Validity.starting(clock.instant(), length);
    }

    String timestamp(KeyPair releaseKey, String releaseXml, long number, Validity validity) {
        return timestamp(releaseKey, releaseXml, number, validity, timestampSequence++);
    }

    String timestamp(KeyPair releaseKey, String releaseXml, long number, Validity validity, long sequence) {
        return new ReleaseSigner(releaseKey).signTimestamp(new ReleaseTimestamp(sequence, number,
                ReleaseSigner.digest(releaseXml), releaseXml.getBytes(StandardCharsets.UTF_8).length, validity));
    }

    /** Delegation, release and a fresh timestamp, all genuine. */
    ReleaseMetadata metadata(String delegation, KeyPair releaseKey, long number, Map<String, byte[]> files) {
        String releaseXml = new ReleaseSigner(releaseKey).signRelease(release(number, files, fromNow(Duration.ofDays(90))));
        return new ReleaseMetadata(delegation, releaseXml, timestamp(releaseKey, releaseXml, number, fromNow(Duration.ofDays(1))));
    }

    /** Changes a signed document and signs it again with {@code key}. */
    static String resign(String xml, PrivateKey key, Consumer<Element> change) {
        Document document = SafeXml.parse(xml, XmlLimits.DEFAULT, "test document");
        Element root = document.getDocumentElement();
        for (org.w3c.dom.Node child = root.getLastChild(); child != null; child = child.getPreviousSibling()) {
            if ("Signature".equals(child.getLocalName())) {
                root.removeChild(child);
                break;
            }
        }
        change.accept(root);
        XmlSignatures.sign(document, key);
        return SafeXml.serialize(document);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Instant now() {
        return clock.instant();
    }
}
