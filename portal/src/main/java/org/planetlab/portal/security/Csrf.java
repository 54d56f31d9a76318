package org.planetlab.portal.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Form tokens against cross-site request forgery. Each visitor holds a random value in a
 * {@code SameSite=Strict}, HttpOnly cookie; every form carries an HMAC of that value and of the
 * visitor's session, so a token works only for the visitor it was made for, and stops working
 * when they sign in or out (a token seen before sign-in is worth nothing after it).
 */
public final class Csrf {
    /** The name of the hidden field every state-changing form carries. */
    public static final String FIELD = "csrf";

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret = new byte[32];
    private final SecureRandom random;

    public Csrf(SecureRandom random) {
        this.random = random;
        random.nextBytes(secret);
    }

    /** A new value for a visitor's cookie: 256 bits from the CSPRNG. */
    public String newCookieValue() {
        byte[] value = new byte[32];
        random.nextBytes(value);
        return ENCODER.encodeToString(value);
    }

    public String token(String cookieValue, Optional<String> sessionKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String text = "PlanetLab-Portal-Form\n" + cookieValue + "\n" + sessionKey.orElse("");
            return ENCODER.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        }
    }

    /** Whether {@code submitted} is this visitor's token; compared in constant time. */
    public boolean accepts(String submitted, String cookieValue, Optional<String> sessionKey) {
        if (submitted == null || submitted.isEmpty() || cookieValue == null || cookieValue.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token(cookieValue, sessionKey).getBytes(StandardCharsets.UTF_8),
                submitted.getBytes(StandardCharsets.UTF_8));
    }
}
