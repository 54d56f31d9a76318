package org.planetlab.trust.fuzz;

import static org.planetlab.trust.fuzz.FuzzTargets.VERIFIER;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the TicketXml reader (and, for signed documents, the verifier behind it). In a normal test
 * run the seed corpus under {@code TicketXmlFuzzTestInputs/fuzz} runs as regression tests; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates it.
 */
class TicketXmlFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] data) {
        FuzzTargets.expectOnlyPlanetLabExceptions(() -> new org.planetlab.trust.ticket.TicketVerifier(VERIFIER).verify(new String(data, java.nio.charset.StandardCharsets.UTF_8)));
    }
}
