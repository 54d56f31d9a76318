package org.planetlab.trust.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the PlnodeFile reader (and, for signed documents, the verifier behind it). In a normal test
 * run the seed corpus under {@code PlnodeFileFuzzTestInputs/fuzz} runs as regression tests; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates it.
 */
class PlnodeFileFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] data) {
        FuzzTargets.expectOnlyPlanetLabExceptions(() -> org.planetlab.trust.node.PlnodeFile.parse(new String(data, java.nio.charset.StandardCharsets.UTF_8)));
    }
}
