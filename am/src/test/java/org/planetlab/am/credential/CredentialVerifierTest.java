package org.planetlab.am.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.SignatureMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.gid.GeniAuthority;
import org.planetlab.am.gid.Gid;
import org.planetlab.am.testing.XmlEdits;
import org.planetlab.am.urn.Urn;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.trust.key.KeyAlgorithm;
import org.w3c.dom.Element;

/** The credential verifier on its own: what it accepts, and the SHA-1 policy kept explicit. */
class CredentialVerifierTest {
    private static final Urn SLICE = new Urn("plc:princeton", "slice", "codeen");
    private final SecureRandom random = new SecureRandom();
    private final TestingClock clock = new TestingClock(Instant.now());
    private GeniAuthority authority;
    private Gid alice;
    private Gid slice;

    private Path directory;

    @BeforeEach
    void setUp(@TempDir Path directory) {
        this.directory = directory;
        authority = GeniAuthority.openOrCreate(directory.resolve("geni"), new Urn("plc", "authority", "sa"), clock, random);
        KeyPair keys = KeyAlgorithm.RSA_2048.generate(random);
        alice = authority.issue(new Urn("plc:princeton", "user", "alice"), keys.getPublic(), Duration.ofDays(30));
        slice = authority.issue(SLICE, KeyAlgorithm.RSA_2048.generate(random).getPublic(), Duration.ofDays(30));
    }

    private String credential(CredentialSigner signer) {
        return signer.sign(new CredentialSigner.Content(alice, slice, clock.instant().plus(Duration.ofDays(7)),
                List.of(new Privilege("refresh", true), new Privilege("info", false)), Optional.empty()),
                authority.privateKey(), List.of(authority.gid().certificate()));
    }

    private CredentialVerifier verifier(boolean acceptSha1) {
        return new CredentialVerifier(new GidChains(authority.roots(), clock), clock, acceptSha1);
    }

    @Test
    void aCredentialOfPlcsSliceAuthorityIsAcceptedWithWhatItGrants() {
        VerifiedCredential verified = verifier(false).verify(credential(new CredentialSigner()), alice.certificate());
        assertThat(verified.owner()).isEqualTo(alice.urn());
        assertThat(verified.target()).isEqualTo(SLICE);
        assertThat(verified.grants("refresh")).isTrue();
        assertThat(verified.grants("control")).isFalse();
    }

    @Test
    void rsaSha1AsXmlsec1SignsIsAcceptedOnlyWhenTheOptInIsOn() {
        // xmlsec1 leaves empty X509SubjectName and X509IssuerSerial elements in KeyInfo, outside what is signed.
        String sha1 = XmlEdits.edit(credential(new CredentialSigner(SignatureMethod.RSA_SHA1, DigestMethod.SHA1)), document -> {
            Element data = XmlEdits.first(document, "X509Data");
            data.insertBefore(document.createElementNS(XmlEdits.DS, "ds:X509SubjectName"), data.getFirstChild());
            data.appendChild(document.createElementNS(XmlEdits.DS, "ds:X509IssuerSerial"));
        });
        assertThatThrownBy(() -> verifier(false).verify(sha1, alice.certificate()))
                .isInstanceOfSatisfying(GeniException.class, e -> assertThat(e.code()).isEqualTo(GeniCode.FORBIDDEN))
                .hasMessageContaining("SHA-1").hasMessageContaining("accept-rsa-sha1=true");
        assertThat(verifier(true).verify(sha1, alice.certificate()).target()).isEqualTo(SLICE);
    }

    @Test
    void rsaSha1IsAcceptedOnlyFromAnAuthorityWhosePolicyOptsIn(@TempDir Path other) throws Exception {
        String sha1 = credential(new CredentialSigner(SignatureMethod.RSA_SHA1, DigestMethod.SHA1));
        // A foreign root that opts in does not make PLC's own authority's SHA-1 signatures acceptable.
        GeniAuthority foreign = GeniAuthority.openOrCreate(other.resolve("ple"), new Urn("ple", "authority", "sa"), clock, random);
        Path roots = Files.createDirectories(directory.resolve("geni").resolve("trusted_roots"));
        Files.copy(other.resolve("ple").resolve("sa.gid.pem"), roots.resolve("ple.pem"));
        Files.writeString(roots.resolve("ple.policy"), "accept-rsa-sha1=true\n");
        GeniAuthority reread = GeniAuthority.openOrCreate(directory.resolve("geni"), new Urn("plc", "authority", "sa"), clock, random);
        assertThat(reread.policyOf(foreign.gid().certificate()).acceptRsaSha1()).isTrue();
        assertThatThrownBy(() -> policyVerifier(reread).verify(sha1, alice.certificate())).isInstanceOf(GeniException.class)
                .hasMessageContaining("SHA-1");
        Files.writeString(directory.resolve("geni").resolve("sa.policy"), "accept-rsa-sha1=true\n");
        GeniAuthority optedIn = GeniAuthority.openOrCreate(directory.resolve("geni"), new Urn("plc", "authority", "sa"), clock, random);
        assertThat(policyVerifier(optedIn).verify(sha1, alice.certificate()).target()).isEqualTo(SLICE);
        Files.writeString(directory.resolve("geni").resolve("sa.policy"), "accept-rsa-sha=yes\n");
        assertThatThrownBy(() -> GeniAuthority.openOrCreate(directory.resolve("geni"), new Urn("plc", "authority", "sa"), clock, random))
                .hasMessageContaining("unknown key accept-rsa-sha");
    }

    private CredentialVerifier policyVerifier(GeniAuthority trusted) {
        return new CredentialVerifier(new GidChains(trusted.roots(), clock), clock, root -> trusted.policyOf(root).acceptRsaSha1());
    }

    @Test
    void aCredentialExpiresWithTheClock() {
        String credential = credential(new CredentialSigner());
        clock.advance(Duration.ofDays(8));
        assertThatThrownBy(() -> verifier(false).verify(credential, alice.certificate()))
                .isInstanceOf(GeniException.class).hasMessageContaining("expired at");
    }

    @Test
    void foreignRootsComeFromTheTrustedRootsDirectory(@TempDir Path directory) throws Exception {
        GeniAuthority foreign = GeniAuthority.openOrCreate(directory.resolve("ple"), new Urn("ple", "authority", "sa"), clock, random);
        Path geni = directory.resolve("geni");
        GeniAuthority.openOrCreate(geni, new Urn("plc", "authority", "sa"), clock, random);
        Files.createDirectories(geni.resolve("trusted_roots"));
        Files.copy(directory.resolve("ple").resolve("sa.gid.pem"), geni.resolve("trusted_roots").resolve("ple.pem"));
        GeniAuthority withForeign = GeniAuthority.openOrCreate(geni, new Urn("plc", "authority", "sa"), clock, random);
        assertThat(withForeign.roots()).hasSize(2).contains(foreign.gid().certificate());
    }
}
