package org.planetlab.node.privileged;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.planetlab.node.host.HostCommand;

/**
 * A Debian repository made on the spot, served over HTTP on loopback, as a package repository
 * PLC would serve: one package {@code pl-hello} (a script printing {@value #GREETING}), a
 * {@code Packages} index and an {@code InRelease} signed with a key made for it ({@link #keyring}).
 * Nothing is fetched from anywhere.
 */
final class LocalDebianRepository implements AutoCloseable {
    static final String PACKAGE = "pl-hello";
    static final String GREETING = "hello from a package layer";

    private final Path directory;
    private final Path gnupg;
    private final HttpServer server;

    private LocalDebianRepository(Path directory, Path gnupg, HttpServer server) {
        this.directory = directory;
        this.gnupg = gnupg;
        this.server = server;
    }

    static LocalDebianRepository create(Path directory) throws IOException {
        TestingNodeAgent.deleteTree(directory);
        Path root = directory.resolve("debian");
        Path pool = Files.createDirectories(root.resolve("pool"));
        Path tree = directory.resolve("build").resolve(PACKAGE);
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.createDirectories(tree.resolve("usr/bin"));
        String control = "Package: " + PACKAGE + "\nVersion: 1.0\nArchitecture: all\nMaintainer: PlanetLab tests <tests@planetlab.invalid>\n"
                + "Description: prints a greeting\n";
        Files.writeString(tree.resolve("DEBIAN/control"), control);
        Path script = Files.writeString(tree.resolve("usr/bin/" + PACKAGE), "#!/bin/sh\necho '" + GREETING + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path deb = pool.resolve(PACKAGE + "_1.0_all.deb");
        HostCommand.onHost().run(List.of("dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString()));
        String packages = control + "Filename: pool/" + deb.getFileName() + "\nSize: " + Files.size(deb) + "\nSHA256: "
                + sha256(Files.readAllBytes(deb)) + "\n";
        Path index = Files.createDirectories(root.resolve("dists/bookworm/main/binary-amd64")).resolve("Packages");
        Files.writeString(index, packages);
        String release = "Origin: PlanetLab tests\nSuite: bookworm\nCodename: bookworm\nDate: "
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\nArchitectures: amd64\n"
                + "Components: main\nSHA256:\n " + sha256(packages.getBytes(StandardCharsets.UTF_8)) + " " + Files.size(index)
                + " main/binary-amd64/Packages\n";
        Path dists = root.resolve("dists/bookworm");
        Files.writeString(dists.resolve("Release"), release);
        Path gnupg = Files.createDirectories(directory.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
        gpg(gnupg, "--quick-gen-key", "PlanetLab test repository", "ed25519", "sign", "never");
        gpg(gnupg, "--clearsign", "-o", dists.resolve("InRelease").toString(), dists.resolve("Release").toString());
        gpg(gnupg, "--export", "-o", directory.resolve("keyring.gpg").toString());
        HttpServer server = SimpleFileServer.createFileServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                directory.toAbsolutePath(), SimpleFileServer.OutputLevel.NONE);
        server.start();
        return new LocalDebianRepository(directory, gnupg, server);
    }

    /** The repository's URL, as a node's {@code package-repository}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/debian";
    }

    Path keyring() {
        return directory.resolve("keyring.gpg");
    }

    /** The agent config keys that build layers from this repository. */
    Map<String, String> agentKeys() {
        return Map.of("package-repository", url(), "package-keyring", keyring().toString());
    }

    @Override
    public void close() {
        server.stop(0);
        HostCommand.onHost().runAllowingFailure(List.of("env", "GNUPGHOME=" + gnupg, "gpgconf", "--kill", "all"), null);
        TestingNodeAgent.deleteTree(directory);
    }

    private static void gpg(Path home, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("env", "GNUPGHOME=" + home, "gpg", "--batch", "--yes",
                "--pinentry-mode", "loopback", "--passphrase", ""));
        command.addAll(List.of(arguments));
        HostCommand.onHost().run(command);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
