package org.planetlab.am.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.planetlab.trust.key.Pem;

/** The SFA client on Python's standard library ({@code sfa_client.py}), run as a person of an {@link AmTestbed}. */
public final class SfaClientScript {
    private SfaClientScript() {
    }

    /**
     * Writes the script, the testbed's CA and the person's self-signed certificate and key into
     * {@code directory}, runs it against the testbed's registry and aggregate for the person's
     * slice on one node, with the script's {@code options} (e.g. --bare-gid), requires it to
     * succeed and returns what it printed.
     */
    public static String run(AmTestbed testbed, AmTestbed.RegistryPerson person, Path directory, String userHrn, String sliceHrn,
            String nodeUrn, String... options) throws Exception {
        String python = Python.require();
        Path script = directory.resolve("sfa_client.py");
        try (InputStream in = SfaClientScript.class.getResourceAsStream("/sfa_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        String name = userHrn.substring(userHrn.lastIndexOf('.') + 1);
        Path ca = Files.writeString(directory.resolve("ca.pem"), Pem.write(testbed.serverCa()));
        Path certificate = Files.writeString(directory.resolve(name + ".sscert"), Pem.write(person.selfSigned()));
        Path key = Files.writeString(directory.resolve(name + ".pkey"), Pem.write(person.keys().getPrivate()));
        List<String> command = new java.util.ArrayList<>(List.of(python, script.toString(),
                "https://localhost:" + testbed.registryPort() + "/", "https://localhost:" + testbed.port() + "/", ca.toString(),
                certificate.toString(), key.toString(), userHrn, sliceHrn, nodeUrn, directory.toString()));
        command.addAll(List.of(options));
        return Python.runToSuccess(command);
    }
}
