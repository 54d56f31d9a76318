package org.planetlab.trust.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.planetlab.api.wire.XmlRpcReader;

/**
 * Fuzzes the API module's XML-RPC reader, which the PLC uses for every request (including the
 * boot server's). Requests and responses are both tried on each input.
 */
class XmlRpcReaderFuzzTest {
    private static final XmlRpcReader READER = new XmlRpcReader();

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] data) {
        FuzzTargets.expectOnlyPlanetLabExceptions(() -> READER.readCall(data));
        FuzzTargets.expectOnlyPlanetLabExceptions(() -> READER.readResponse(data));
    }
}
