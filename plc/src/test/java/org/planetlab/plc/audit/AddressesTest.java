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
}
