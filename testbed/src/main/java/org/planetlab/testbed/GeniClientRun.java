package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.planetlab.am.gid.GidIssuer;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;

/**
 * The testbed's demo user at the GENI aggregate and the SFA registry, as an SFA tool set up for
 * her would be: an RSA key pair whose public half is one of her SSH keys at PLC, a self-signed
 * certificate of it (what sfi bootstraps with), a slice of the demo site she belongs to, and a
 * second SSH key for {@code geni_users}. {@link #run} drives {@code sfa_client.py} (the client on
 * Python's standard library shipped with the aggregate) through a sliver's whole life on one node:
 * allocate, provision, start, SSH in, renew, delete.
 */
public final class GeniClientRun {
    /** The name of the slice the aggregate is driven with, within the demo site. */
    public static final String SLICE_NAME = "geni";

    private final TestbedLayout layout;
    private final Path directory;
    private final String python;

    private GeniClientRun(TestbedLayout layout, Path directory, String python) {
        this.layout = requireNonNull(layout, "layout is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.python = requireNonNull(python, "python is null");
    }

    /**
     * Prepares the demo user ({@code user}, a client acting as her) and the slice
     * {@code <login_base>_geni} (made by {@code operator}, with her as its user), with the client's
     * files in {@code directory}.
     */
    public static GeniClientRun prepare(TestbedLayout layout, PlcClient operator, PlcClient user, Path directory) {
        String python = python();
        Testbed.createDirectory(directory);
        try (InputStream in = requireNonNull(GeniClientRun.class.getResourceAsStream("/sfa_client.py"),
                "sfa_client.py is not on the class path (the am module's resources)")) {
            Files.write(directory.resolve("sfa_client.py"), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SecureRandom random = new SecureRandom();
        KeyPair keys = KeyAlgorithm.RSA_2048.generate(random);
        Path privateKey = directory.resolve("user.pkey");
        TestbedSeed.write(privateKey, Pem.write(keys.getPrivate()));
        String sshRsa = HostCommand.onHost().run(List.of("ssh-keygen", "-y", "-f", privateKey.toString())).strip();
        user.call("AddPersonKey", TestbedSeed.user(layout), Map.of("key_type", "ssh", "key", sshRsa + " " + TestbedSeed.user(layout)));
        TestbedSeed.write(directory.resolve("user.sscert"), Pem.write(new GidIssuer(Clock.systemUTC(), random)
                .selfSigned(new Urn("self", "user", "user"), keys, Duration.ofDays(1)).certificate()));
        HostCommand.onHost().run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "geni_users",
                "-f", directory.resolve("geni_ed25519").toString()));
        Map<String, Object> slice = new LinkedHashMap<>();
        slice.put("name", layout.siteLoginBase() + "_" + SLICE_NAME);
        slice.put("description", "The testbed's slice for GENI and SFA tools");
        slice.put("url", "https://" + layout.domain() + "/geni");
        operator.call("AddSlice", slice);
        operator.call("AddPersonToSlice", TestbedSeed.user(layout), layout.siteLoginBase() + "_" + SLICE_NAME);
        return new GeniClientRun(layout, directory, python);
    }

    /**
     * Runs the client against the testbed's node {@code node} for {@code rounds} lives of the
     * sliver, echoing its lines to {@code out}; returns its output, or refuses with it when the
     * client failed.
     */
    public String run(TestbedLayout.TestbedNode node, int rounds, Duration timeout, PrintWriter out) {
        String authority = "plc." + layout.siteLoginBase();
        List<String> command = new ArrayList<>(List.of(python, directory.resolve("sfa_client.py").toString(),
                layout.registryUrl() + "/", layout.amUrl() + "/", layout.caFile().toString(),
                directory.resolve("user.sscert").toString(), directory.resolve("user.pkey").toString(),
                authority + "." + TestbedSeed.user(layout).substring(0, TestbedSeed.user(layout).indexOf('@')),
                authority + "." + SLICE_NAME, "urn:publicid:IDN+plc:" + layout.siteLoginBase() + "+node+" + node.hostname(),
                directory.toString(), "--ssh-key", directory.resolve("geni_ed25519").toString(),
                "--node-address", node.address(), "--rounds", Integer.toString(rounds)));
        StringBuilder output = new StringBuilder();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    out.println(line);
                    out.flush();
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "sfa_client.py did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "sfa_client.py exited with " + process.exitValue() + ":\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + python, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while sfa_client.py ran", e);
        }
        return output.toString();
    }

    /** Debian's python3, or one a user installed under their home (pyenv). */
    private static String python() {
        for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3", System.getProperty("user.home") + "/.pyenv/shims/python3")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new PlanetLabException(ErrorCode.NOT_FOUND, "python3 is needed for the GENI client: install Debian's python3 package");
    }
}
