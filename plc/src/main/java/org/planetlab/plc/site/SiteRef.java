package org.planetlab.plc.site;

import static java.util.Objects.requireNonNull;

/** A site named by its id or by its login base, as callers may name it. */
public sealed interface SiteRef {
    /** The site with this site_id. */
    record ById(long siteId) implements SiteRef {}

    /** The site with this login_base. */
    record ByLoginBase(String loginBase) implements SiteRef {
        public ByLoginBase {
            requireNonNull(loginBase, "loginBase is null");
        }
    }

    static SiteRef of(long siteId) {
        return new ById(siteId);
    }

    static SiteRef of(String loginBase) {
        return new ByLoginBase(loginBase);
    }

    /** The reference as the wire gives it: an id or a login base. */
    default Object key() {
        return switch (this) {
            case ById byId -> byId.siteId();
            case ByLoginBase byLoginBase -> byLoginBase.loginBase();
        };
    }
}
