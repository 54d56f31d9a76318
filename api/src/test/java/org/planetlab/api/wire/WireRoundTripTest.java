package org.planetlab.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Values written by either codec read back identical, whatever characters strings hold. */
class WireRoundTripTest {
    private final XmlRpcWriter xmlWriter = new XmlRpcWriter();
    private final XmlRpcReader xmlReader = new XmlRpcReader();
    private final JsonCodec json = new JsonCodec();

    @Test
    void randomValuesSurviveBothEncodings() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            Object value = randomValue(random, 0);
            List<Object> params = new ArrayList<>();
            params.add(value);
            XmlRpcCall call = xmlReader.readCall(xmlWriter.writeCall("M", params));
            assertThat(call.params()).containsExactly(value);
            assertThat(((XmlRpcResponse.Success) xmlReader.readResponse(xmlWriter.writeResponse(value))).value())
                    .isEqualTo(value);
            assertThat(json.read(json.write(value))).isEqualTo(value);
        }
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 2 ? 5 : 7);
        return switch (kind) {
            case 0 -> random.nextLong();
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt(3) == 0 ? Double.MIN_VALUE * random.nextInt(100) : random.nextGaussian() * 1e6;
            case 3 -> string(random);
            case 4 -> null;
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int index = random.nextInt(4); index > 0; index--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int index = random.nextInt(4); index > 0; index--) {
                    map.put(string(random), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static String string(Random random) {
        StringBuilder text = new StringBuilder();
        for (int index = random.nextInt(20); index > 0; index--) {
            int codePoint;
            do {
                codePoint = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x10FFFF);
            } while (!WireValues.isXmlCharacter(codePoint) || (codePoint >= 0xD800 && codePoint <= 0xDFFF));
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }
}
