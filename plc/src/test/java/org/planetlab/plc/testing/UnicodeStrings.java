package org.planetlab.plc.testing;

import java.util.Random;

/**
 * Random strings of any characters PlanetLab stores: every Unicode plane, combining marks,
 * right-to-left text, XML and SQL metacharacters, tabs, newlines and carriage returns.
 */
public final class UnicodeStrings {
    private static final String[] NASTY = {"'", "\"", "<", ">", "&", "]]>", "&amp;", "\\", "%", "_", "*",
            "' OR '1'='1", "; DROP TABLE sites; --", "\r\n", "\t", " ", "\u202e", "\u0301", "\ufeff", "😀",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "中文", "العربية", "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08"};

    private UnicodeStrings() {}

    /** A string of at most {@code maxCodePoints} code points (at least one). */
    public static String random(Random random, int maxCodePoints) {
        int target = 1 + random.nextInt(Math.max(1, maxCodePoints));
        StringBuilder text = new StringBuilder();
        int count = 0;
        while (count < target) {
            String piece = random.nextInt(4) == 0 ? NASTY[random.nextInt(NASTY.length)]
                    : new String(Character.toChars(codePoint(random)));
            int pieceCount = piece.codePointCount(0, piece.length());
            if (count + pieceCount > target) {
                piece = new String(Character.toChars(codePoint(random)));
                pieceCount = 1;
            }
            text.append(piece);
            count += pieceCount;
        }
        return text.toString();
    }

    private static int codePoint(Random random) {
        while (true) {
            int candidate = switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> 0xa0 + random.nextInt(0xd7ff - 0xa0);
                case 2 -> 0xe000 + random.nextInt(0xfffd - 0xe000);
                default -> 0x10000 + random.nextInt(0x10ffff - 0x10000);
            };
            if (Character.isDefined(candidate) || candidate >= 0x10000) {
                return candidate;
            }
        }
    }
}
