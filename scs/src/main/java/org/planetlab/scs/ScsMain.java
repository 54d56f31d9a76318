package org.planetlab.scs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.planetlab.api.error.HostFailures;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.scs.ScsSettings;

/**
 * The slice creation service's process. The node agent starts it in the service's directory as
 * the uid of its slice's root, with its standard input a pipe from the agent: when the agent goes
 * away (even killed), the pipe closes and the service ends with it; an agent that starts finds and
 * ends any service left by one that was killed.
 */
public final class ScsMain {
    private ScsMain() {}

    public static void main(String[] arguments) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        Thread.ofPlatform().name("scs-agent-watch").daemon().start(ScsMain::exitWithTheAgent);
        try {
            SliceCreationService service = new SliceCreationService(ScsSettings.read(Path.of(ScsSettings.FILE)), Clock.systemUTC(),
                    new SecureRandom());
            service.start();
        } catch (PlanetLabException e) {
            System.err.println("slice creation service: " + e.getMessage());
            System.exit(2);
        } catch (UncheckedIOException e) {
            System.err.println("slice creation service: " + HostFailures.describe(e));
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    /** Ends the process once its input, a pipe from the agent, closes. */
    private static void exitWithTheAgent() {
        try {
            while (System.in.read() >= 0) {
                // The agent never writes; reading only waits for the pipe to close.
            }
        } catch (IOException e) {
            // A broken pipe means the same as its end.
        }
        Runtime.getRuntime().halt(0);
    }
}
