package org.planetlab.api.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Turns an XML document's bytes into text before the XML parser sees them, strictly in the
 * encoding it declares (a byte order mark, else the XML declaration, else UTF-8). The JDK's
 * parser decodes malformed bytes by printing {@code [Fatal Error]} lines to the server's
 * stderr, which any client could fill; and decoding here refuses overlong UTF-8 forms too.
 */
final class XmlText {
    private static final Pattern DECLARED = Pattern.compile(
            "\\A<\\?xml\\s[^>]*?encoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]{0,39})[\"']");

    private static final String ASCII_PROBE = "<?xml version=\"1.0\"?><methodCall><value><int>09</int></value>";

    private XmlText() {}

    static String decode(byte[] body) {
        Charset charset;
        int skip = 0;
        if (startsWith(body, 0xef, 0xbb, 0xbf)) {
            charset = StandardCharsets.UTF_8;
            skip = 3;
        } else if (startsWith(body, 0xfe, 0xff)) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (startsWith(body, 0xff, 0xfe)) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else {
            charset = declared(body);
        }
        ByteBuffer bytes = ByteBuffer.wrap(body, skip, body.length - skip);
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw malformed("the document is not valid %s (a malformed or overlong byte sequence near byte %d)"
                    .formatted(charset.name(), bytes.position()));
        }
    }

    private static Charset declared(byte[] body) {
        // The declaration is ASCII in every encoding this reads without a byte order mark.
        String head = new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1);
        Matcher declaration = DECLARED.matcher(head);
        if (!declaration.find()) {
            return StandardCharsets.UTF_8;
        }
        String name = declaration.group(1);
        try {
            Charset charset = Charset.forName(name);
            // Without a byte order mark the declaration was read as ASCII: the encoding must agree.
            if (!charset.canEncode() || !Arrays.equals(ASCII_PROBE.getBytes(charset),
                    ASCII_PROBE.getBytes(StandardCharsets.US_ASCII))) {
                throw new UnsupportedCharsetException(name);
            }
            return charset;
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw malformed("the encoding \"%s\" is not supported; send UTF-8".formatted(name));
        }
    }

    private static boolean startsWith(byte[] body, int... prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int index = 0; index < prefix.length; index++) {
            if ((body[index] & 0xff) != prefix[index]) {
                return false;
            }
        }
        return true;
    }

    private static PlanetLabException malformed(String reason) {
        return new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "not well-formed XML: " + reason);
    }
}
