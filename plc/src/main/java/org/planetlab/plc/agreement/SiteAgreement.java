package org.planetlab.plc.agreement;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A site's hosting agreement in force: which version of the text was signed, by whom for the
 * site, when, and which operator recorded it. Sites that existed before agreements were recorded
 * have neither a signer nor a recording operator.
 */
public record SiteAgreement(long siteId, String loginBase, String version, OptionalLong signedBy, long signedAt,
        OptionalLong recordedBy) {
    public SiteAgreement {
        requireNonNull(loginBase, "loginBase is null");
        requireNonNull(version, "version is null");
        requireNonNull(signedBy, "signedBy is null");
        requireNonNull(recordedBy, "recordedBy is null");
    }

    public Map<String, Object> toWire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("site_id", siteId);
        wire.put("login_base", loginBase);
        wire.put("signed_by", signedBy.isPresent() ? signedBy.getAsLong() : null);
        wire.put("version", version);
        wire.put("signed_at", signedAt);
        wire.put("recorded_by", recordedBy.isPresent() ? recordedBy.getAsLong() : null);
        return wire;
    }
}
