package org.planetlab.node.ssh;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Public-key authentication against the keys of the sliver a login names, read at each attempt. */
final class SliceKeyAuthenticator implements PublickeyAuthenticator {
    /** Where an authenticated session lands. */
    static final AttributeKey<SliverLogins.Login> LOGIN = new AttributeKey<>();
    private static final Logger LOG = LoggerFactory.getLogger(SliceKeyAuthenticator.class);

    private final SliverLogins logins;

    SliceKeyAuthenticator(SliverLogins logins) {
        this.logins = requireNonNull(logins, "logins is null");
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        for (String line : logins.keys(username)) {
            if (matches(line, key)) {
                logins.login(username).ifPresent(login -> session.setAttribute(LOGIN, login));
                LOG.info("{} logged in from {} with {} key {}", username, session.getClientAddress(), KeyUtils.getKeyType(key),
                        KeyUtils.getFingerPrint(key));
                return session.getAttribute(LOGIN) != null;
            }
        }
        return false;
    }

    private static boolean matches(String line, PublicKey key) {
        try {
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
            if (entry == null) {
                return false;
            }
            PublicKey allowed = entry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
            return allowed != null && KeyUtils.compareKeys(allowed, key);
        } catch (java.io.IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
