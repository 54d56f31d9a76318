package org.planetlab.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;

class ClientConfigTest {
    @TempDir
    Path directory;

    private Path write(String text) throws IOException {
        Path file = directory.resolve("pl.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsEveryKey() throws IOException {
        ClientConfig config = ClientConfig.load(write("""
                url = https://plc.example.org
                user = alice@princeton.edu
                password-file = secrets/password
                ca-file = /etc/planetlab/tls-ca.pem
                encoding = xmlrpc
                """));

        assertThat(config.url()).contains(URI.create("https://plc.example.org"));
        assertThat(config.user()).contains("alice@princeton.edu");
        assertThat(config.passwordFile()).contains(directory.resolve("secrets/password"));
        assertThat(config.caFile()).contains(Path.of("/etc/planetlab/tls-ca.pem"));
        assertThat(config.encoding()).contains(PlcClient.Encoding.XML_RPC);
    }

    @Test
    void aMissingFileIsAnEmptyConfiguration() {
        ClientConfig config = ClientConfig.load(directory.resolve("absent.properties"));

        assertThat(config.url()).isEmpty();
        assertThat(config.user()).isEmpty();
        assertThat(config.passwordFile()).isEmpty();
        assertThat(config.encoding()).isEmpty();
    }

    @Test
    void unknownKeysAreNamedWithTheKnownOnes() throws IOException {
        Path file = write("url = http://127.0.0.1:8080\npassword = hunter2\n");

        assertThatThrownBy(() -> ClientConfig.load(file)).isInstanceOf(PlanetLabException.class)
                .hasMessage(file + ": unknown key password; the keys are ca-file, encoding, password-file, url, user")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void badValuesAreNamedByKey() throws IOException {
        Path badUrl = write("url = ftp://plc.example.org\n");
        assertThatThrownBy(() -> ClientConfig.load(badUrl)).hasMessageStartingWith(badUrl + ": url: \"ftp://plc.example.org\"");
        Path badEncoding = write("encoding = soap\n");
        assertThatThrownBy(() -> ClientConfig.load(badEncoding)).hasMessage(badEncoding
                + ": encoding: \"soap\" is not an encoding; use json or xmlrpc");
        Path emptyUser = write("user =\n");
        assertThatThrownBy(() -> ClientConfig.load(emptyUser)).hasMessage(emptyUser + ": user is empty");
    }
}
