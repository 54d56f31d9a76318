package org.planetlab.trust.fuzz;

import static org.planetlab.trust.fuzz.FuzzTargets.VERIFIER;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the CertificateXml reader (and, for signed documents, the verifier behind it). In a normal test
 * run the seed corpus under {@code CertificateXmlFuzzTestInputs/fuzz} runs as regression tests; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates it.
 */
class CertificateXmlFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] data) {
        FuzzTargets.expectOnlyPlanetLabExceptions(() -> VERIFIER.verify(org.planetlab.trust.cert.CertificateXml.parse(data)));
    }
}
