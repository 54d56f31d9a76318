package org.planetlab.trust.fuzz;

import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.testing.TestTrust;

/**
 * Shared state of the fuzz tests: one small PKI, so verification code runs on every input that
 * parses. A parser may refuse input only with {@link PlanetLabException}; anything else fails the
 * fuzz test.
 */
final class FuzzTargets {
    static final TestTrust TRUST = new TestTrust();
    static final ChainVerifier VERIFIER = TRUST.verifier();

    private FuzzTargets() {
    }

    static void expectOnlyPlanetLabExceptions(Runnable target) {
        try {
            target.run();
        } catch (PlanetLabException expected) {
            // The documented way to refuse input.
        }
    }
}
