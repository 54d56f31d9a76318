package org.planetlab.api.rspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

class DebianPackagesTest {
    @Test
    void namesAreSortedOnceAndSeparatedByCommasOrSpaces() {
        assertThat(RspecAttribute.PACKAGES.canonical(" python3, curl  libc6-dev,g++ python3\n"))
                .isEqualTo("curl,g++,libc6-dev,python3");
        assertThat(RspecAttribute.PACKAGES.canonical("")).isEmpty();
    }

    @Test
    void hostileEntriesAreRefusedByName() {
        for (String hostile : new String[] {"curl;rm -rf /", "$(reboot)", "-o", "--allow-unauthenticated", "curl=7.88",
                "../etc/passwd", "Python3", "a", "curl|sh", "`id`", "curl\u0000x", "pkg:amd64", "-oDir=/"}) {
            assertThatThrownBy(() -> RspecAttribute.PACKAGES.canonical("python3," + hostile))
                    .as(hostile)
                    .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("packages value is not valid")
                    .hasMessageNotContaining("\u0000");
        }
        assertThatThrownBy(() -> RspecAttribute.PACKAGES.canonical("curl,$(reboot)")).hasMessageContaining("entry \"$(reboot)\"");
    }

    @Test
    void absurdLengthsAndCountsAreRefused() {
        assertThatThrownBy(() -> RspecAttribute.PACKAGES.canonical("a".repeat(101))).hasMessageContaining("101 characters");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 65; i++) {
            many.append("pkg").append(i).append(',');
        }
        assertThatThrownBy(() -> RspecAttribute.PACKAGES.canonical(many.toString())).hasMessageContaining("65 packages");
        assertThatThrownBy(() -> RspecAttribute.PACKAGES.canonical("x ".repeat(100_000))).hasMessageContaining("characters long");
    }
}
