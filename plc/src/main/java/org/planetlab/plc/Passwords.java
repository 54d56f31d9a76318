package org.planetlab.plc;

import java.security.SecureRandom;

/** Generates passwords for accounts PLC creates itself. */
public final class Passwords {
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Passwords() {}

    /** 20 characters from an alphabet without look-alikes: about 116 bits. */
    public static String generate(SecureRandom random) {
        StringBuilder password = new StringBuilder(20);
        for (int index = 0; index < 20; index++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
