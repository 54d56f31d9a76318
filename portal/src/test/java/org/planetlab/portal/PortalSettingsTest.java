package org.planetlab.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.PlanetLabException;

class PortalSettingsTest {
    @Test
    void defaultsAndKnownKeys() {
        assertThat(PortalSettings.from(Map.of())).isEqualTo(PortalSettings.DEFAULT);
        PortalSettings settings = PortalSettings.from(Map.of("public-url", "https://plc.example.org",
                "session-seconds", "3600"));
        assertThat(settings.publicUrl()).contains(URI.create("https://plc.example.org"));
        assertThat(settings.sessionSeconds()).isEqualTo(3600);
    }

    @Test
    void unknownKeysAndBadValuesAreRefusedByName() {
        assertThatThrownBy(() -> PortalSettings.from(Map.of("theme", "dark"))).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("unknown portal configuration keys [portal.theme]");
        // Failed logins are limited by PLC's own throttle, the same for the portal and the API.
        assertThatThrownBy(() -> PortalSettings.from(Map.of("login-failures", "3")))
                .hasMessageContaining("unknown portal configuration keys [portal.login-failures]");
        assertThatThrownBy(() -> PortalSettings.from(Map.of("public-url", "http://plc.example.org")))
                .hasMessageContaining("portal.public-url must be an https:// address");
        assertThatThrownBy(() -> PortalSettings.from(Map.of("session-seconds", "ten")))
                .hasMessageContaining("portal.session-seconds must be a whole number");
    }
}
