package org.planetlab.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

class XmlRpcReaderTest {
    private final XmlRpcReader reader = new XmlRpcReader();

    @Test
    void readsEveryType() {
        XmlRpcCall call = reader.readCall(bytes("""
                <?xml version="1.0"?>
                <methodCall><methodName>Echo</methodName><params>
                  <param><value><i4>-7</i4></value></param>
                  <param><value><int>2147483647</int></value></param>
                  <param><value><i8>9007199254740993</i8></value></param>
                  <param><value><boolean>1</boolean></value></param>
                  <param><value><string> spaced &amp; &lt;escaped&gt;&#13;</string></value></param>
                  <param><value>untyped</value></param>
                  <param><value><double>-12.5e3</double></value></param>
                  <param><value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value></param>
                  <param><value><base64>aGVs
                  bG8=</base64></value></param>
                  <param><value><nil/></value></param>
                  <param><value><struct><member><name>a</name><value><array><data/></array></value></member></struct></value></param>
                </params></methodCall>
                """));
        assertThat(call.methodName()).isEqualTo("Echo");
        assertThat(call.params()).hasSize(11);
        assertThat(call.params().subList(0, 7)).containsExactly(-7L, 2147483647L, 9007199254740993L, true,
                " spaced & <escaped>\r", "untyped", -12500.0);
        assertThat(call.params().get(7)).isEqualTo(Instant.parse("1998-07-17T14:08:55Z"));
        assertThat((byte[]) call.params().get(8)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(call.params().get(9)).isNull();
        assertThat(call.params().get(10)).isEqualTo(Map.of("a", List.of()));
    }

    @Test
    void readsResponsesAndFaults() {
        assertThat(reader.readResponse(bytes("<methodResponse><params><param><value><int>1</int></value></param>"
                + "</params></methodResponse>"))).isEqualTo(new XmlRpcResponse.Success(1L));
        assertThat(reader.readResponse(bytes("<methodResponse><fault><value><struct><member><name>faultCode</name>"
                + "<value><int>102</int></value></member><member><name>faultString</name><value>bad</value></member>"
                + "</struct></value></fault></methodResponse>"))).isEqualTo(new XmlRpcResponse.Fault(102, "bad"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not xml at all | not well-formed XML",
            "<methodCall><methodName>A</methodName> | not well-formed XML",
            "<call><methodName>A</methodName></call> | expected <methodCall>",
            "<methodCall><params/></methodCall> | expected <methodName>",
            "<methodCall><methodName> </methodName></methodCall> | methodName is empty",
            "<methodCall><methodName>A</methodName><params><param><value><int>x</int></value></param></params></methodCall> | not an integer",
            "<methodCall><methodName>A</methodName><params><param><value><int>2147483648</int></value></param></params></methodCall> | out of range",
            "<methodCall><methodName>A</methodName><params><param><value><boolean>2</boolean></value></param></params></methodCall> | must be 0 or 1",
            "<methodCall><methodName>A</methodName><params><param><value><double>NaN</double></value></param></params></methodCall> | not a finite number",
            "<methodCall><methodName>A</methodName><params><param><value><float>1</float></value></param></params></methodCall> | unknown value type <float>",
            "<methodCall><methodName>A</methodName><params><param><value>text<int>1</int></value></param></params></methodCall> | text next to a type element",
            "<methodCall><methodName>A</methodName><params><param><value><struct><member><name>a</name><value>1</value></member><member><name>a</name><value>2</value></member></struct></value></param></params></methodCall> | appears twice",
            "<methodCall><methodName>A</methodName><params><param><value><base64>!!</base64></value></param></params></methodCall> | not valid base64",
            "<methodCall><methodName>A</methodName></methodCall><extra/> | not well-formed XML",
            "<methodCall><methodName>A<b/></methodName></methodCall> | may hold only text",
    })
    void refusesMalformedDocuments(String document, String reason) {
        assertThatThrownBy(() -> reader.readCall(bytes(document)))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void refusesDocumentTypesAndEntities() {
        List<String> hostile = List.of(
                "<!DOCTYPE methodCall><methodCall><methodName>A</methodName></methodCall>",
                "<!DOCTYPE methodCall [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><methodCall><methodName>&x;</methodName></methodCall>",
                "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                        + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                        + "<methodCall><methodName>&lol3;</methodName></methodCall>",
                "<methodCall><methodName>&undefined;</methodName></methodCall>");
        for (String document : hostile) {
            assertThatThrownBy(() -> reader.readCall(bytes(document)))
                    .as(document)
                    .isInstanceOfSatisfying(PlanetLabException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST));
        }
    }

    @Test
    void refusesControlBytesInsideADocumentTypeWithoutCrashing() {
        // Found by fuzzing: the JDK parser answered this with an unchecked MissingResourceException.
        byte[] document = {'<', '!', 'D', 'O', 'C', 'T', 'Y', 'P', 'E', ' ', 'm', 'e', 't', 'h', 'o', 'd', 'C', 'a', 'l',
                'l', ' ', '[', '<', '!', 'E', 'N', 'T', 'I', 'T', 'Y', ' ', 0, 0, 0, 0, 0x7f, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, '<', 'm', 'e', 't', 'h', 'o', 'd', 'C', 'a', 'l', 'l', ';', '>'};
        assertThatThrownBy(() -> reader.readCall(document))
                .isInstanceOfSatisfying(PlanetLabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST));
    }

    @Test
    void readsTheEncodingADocumentDeclaresAndRefusesBytesItDoesNotAllow() {
        byte[] latin1 = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodCall><methodName>Echo</methodName><params>"
                + "<param><value><string>caf\u00e9</string></value></param></params></methodCall>")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(reader.readCall(latin1).params()).containsExactly("caf\u00e9");
        byte[] utf16 = "<methodCall><methodName>Echo</methodName></methodCall>".getBytes(StandardCharsets.UTF_16);
        assertThat(reader.readCall(utf16).methodName()).isEqualTo("Echo");
        for (byte[] refused : List.of(
                "<?xml version=\"1.0\" encoding=\"UTF-16\"?><methodCall/>".getBytes(StandardCharsets.US_ASCII),
                "<?xml version=\"1.0\" encoding=\"x-no-such\"?><methodCall/>".getBytes(StandardCharsets.US_ASCII),
                new byte[] {'<', 'm', '>', (byte) 0xc0, (byte) 0xaf, '<', '/', 'm', '>'})) {
            assertThatThrownBy(() -> reader.readCall(refused))
                    .isInstanceOfSatisfying(PlanetLabException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST))
                    .hasMessageMatching("not well-formed XML: (the encoding \"[^\"]+\" is not supported; send UTF-8"
                            + "|the document is not valid UTF-8 .*)");
        }
    }

    @Test
    void enforcesLimits() {
        XmlRpcReader small = new XmlRpcReader(new WireLimits(200, 3, 10));
        byte[] big = new byte[201];
        Arrays.fill(big, (byte) ' ');
        assertThatThrownBy(() -> small.readCall(big)).isInstanceOfSatisfying(PlanetLabException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE));
        String deep = "<methodCall><methodName>A</methodName><params><param><value>"
                + "<array><data><value>".repeat(4) + "1" + "</value></data></array>".repeat(4)
                + "</value></param></params></methodCall>";
        assertThatThrownBy(() -> new XmlRpcReader(new WireLimits(10_000, 3, 100)).readCall(bytes(deep)))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE);
                    assertThat(e.getMessage()).contains("nested more than 3 deep");
                });
        String many = "<methodCall><methodName>A</methodName><params>"
                + "<param><value>x</value></param>".repeat(11) + "</params></methodCall>";
        assertThatThrownBy(() -> new XmlRpcReader(new WireLimits(10_000, 3, 10)).readCall(bytes(many)))
                .isInstanceOfSatisfying(PlanetLabException.class,
                        e -> assertThat(e.getMessage()).contains("more than 10 values"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
