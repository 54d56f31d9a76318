package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every spelling of an address has one key; anything but a literal is refused without a lookup. */
class AddressesTest {
    @Test
    void spellingsOfOneAddressShareAKey() {
        assertThat(Addresses.key("192.0.2.1")).isEqualTo(Addresses.key("::ffff:192.0.2.1"))
                .isEqualTo(new Addresses.Key(0, 0xffff_c000_0201L));
        assertThat(Addresses.key("2001:db8::1")).isEqualTo(Addresses.key("2001:0db8:0:0::1"));
        assertThat(Addresses.key("0.0.0.0")).isNotEqualTo(Addresses.key("::"));
    }

    @Test
    void nonLiteralsAreRefused() {
        for (String text : new String[] {"256.1.1.1", "1.2.3", "01.2.3.4", "1:2:3", "localhost", "1.2.3.4'--", ""}) {
            assertThatThrownBy(() -> Addresses.key(text)).as(text).hasMessageContaining("not an IP address literal");
        }
    }

    @Test
    void aKeyIsRenderedAsRfc5952WritesItAndOtherSpellingsAreKept() {
        String[][] cases = {
            {"192.0.2.1", "192.0.2.1"}, {"::ffff:192.0.2.1", "192.0.2.1"}, {"2001:0db8:0:0::1", "2001:db8::1"},
            {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"}, {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
            {"::", "::"}, {"::1", "::1"}, {"fe80::", "fe80::"}, {"1:0:0:2:0:0:0:3", "1:0:0:2::3"},
            {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
        };
        for (String[] spelling : cases) {
            Addresses.Key key = Addresses.key(spelling[0]);
            assertThat(Addresses.render(key.high(), key.low())).as(spelling[0]).isEqualTo(spelling[1]);
            assertThat(Addresses.key(spelling[1])).as(spelling[1]).isEqualTo(key);
            assertThat(Addresses.spelling(spelling[0], key)).as(spelling[0])
                    .isEqualTo(spelling[0].equals(spelling[1]) ? null : spelling[0]);
        }
    }
}
