package org.planetlab.node.vsys;

import java.time.Duration;

/**
 * One privileged helper a slice may call through its {@code /vsys} endpoint. It runs outside the
 * sliver and gets the calling slice's name, which the agent knows from the endpoint the request
 * came through, and the request line the sliver wrote: nothing else of the sliver.
 */
public interface VsysHelper {
    /**
     * Answers one request.
     *
     * @param slice the calling slice, as the agent knows it
     * @param request the line the sliver wrote, without its newline: printable text, checked
     * @param outputBytes the most the answer may hold
     * @param runTime how long the helper may take
     * @return the answer; an answer over {@code outputBytes} is cut by the caller
     */
    byte[] run(String slice, String request, int outputBytes, Duration runTime);
}
