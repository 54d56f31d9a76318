package org.planetlab.plc.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.api.wire.XmlRpcReader;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Hostile and broken requests, sent as raw HTTP: every one is answered with a fault (XML-RPC)
 * or an error (JSON) that names the problem, never with a server error, and none of them
 * changes the registry.
 */
class HostileInputTest {
    private static TestingPlc testing;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String auth;

    @BeforeAll
    static void start() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
        Registry registry = new Registry(operator);
        long siteId = registry.site("hostile");
        registry.node(siteId, "node1.hostile.org", "10.9.9.1");
        registry.person("someone@hostile.org", "user", siteId);
        operator.call("AddSlice", Map.of("name", "hostile_slice"));
        auth = "<value><struct><member><name>AuthMethod</name><value>password</value></member><member><name>Username"
                + "</name><value>" + TestingPlc.OPERATOR_EMAIL + "</value></member><member><name>AuthString</name><value>"
                + TestingPlc.OPERATOR_PASSWORD + "</value></member></struct></value>";
    }

    @AfterAll
    static void stop() {
        testing.close();
    }

    private record XmlCase(String name, byte[] body, int faultCode, String reason) {}

    private record JsonCase(String name, String method, String path, byte[] body, int status, String reason) {}

    @Test
    void everyHostileRequestGetsANamedFaultAndChangesNothing() throws Exception {
        String before = RegistrySnapshot.take(testing.plc().database());
        List<String> problems = new ArrayList<>();
        List<XmlCase> xmlCases = xmlCases();
        for (XmlCase hostile : xmlCases) {
            HttpResponse<byte[]> response;
            try {
                response = post("/PLCAPI/", "text/xml", hostile.body());
            } catch (IOException e) {
                problems.add(hostile.name() + ": no answer (" + e + ")");
                continue;
            }
            if (response.statusCode() != 200) {
                problems.add(hostile.name() + ": HTTP " + response.statusCode());
                continue;
            }
            XmlRpcResponse answer = new XmlRpcReader().readResponse(response.body());
            if (!(answer instanceof XmlRpcResponse.Fault fault) || fault.faultCode() != hostile.faultCode()
                    || !fault.faultString().contains(hostile.reason())) {
                problems.add(hostile.name() + ": expected fault " + hostile.faultCode() + " with \"" + hostile.reason()
                        + "\", got " + answer);
            }
        }
        List<JsonCase> jsonCases = jsonCases();
        for (JsonCase hostile : jsonCases) {
            HttpRequest.Builder request = HttpRequest.newBuilder(testing.uri().resolve(hostile.path()))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (TestingPlc.OPERATOR_EMAIL + ":" + TestingPlc.OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .method(hostile.method(), HttpRequest.BodyPublishers.ofByteArray(hostile.body()));
            HttpResponse<byte[]> response;
            try {
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                problems.add(hostile.name() + ": no answer (" + e + ")");
                continue;
            }
            Object body = new JsonCodec().read(response.body());
            String message = String.valueOf(body instanceof Map<?, ?> map && map.get("error") instanceof Map<?, ?> error
                    ? error.get("message") : body);
            if (response.statusCode() != hostile.status() || !message.contains(hostile.reason())) {
                problems.add(hostile.name() + ": expected HTTP " + hostile.status() + " with \"" + hostile.reason()
                        + "\", got " + response.statusCode() + " " + message);
            }
        }
        String after = RegistrySnapshot.take(testing.plc().database());
        int total = xmlCases.size() + jsonCases.size();
        System.out.printf("hostile input: %d requests, %d answered as expected, registry %s%n", total,
                total - problems.size(), before.equals(after) ? "unchanged" : "CHANGED");
        assertThat(problems).isEmpty();
        assertThat(after).isEqualTo(before);
    }

    private static List<XmlCase> xmlCases() {
        List<XmlCase> cases = new ArrayList<>();
        cases.add(new XmlCase("not XML", bytes("hello"), -32700, "not well-formed XML"));
        cases.add(new XmlCase("empty body", new byte[0], -32700, "not well-formed XML"));
        cases.add(new XmlCase("truncated", bytes("<methodCall><methodName>GetSites</methodName><params>"), -32700,
                "not well-formed XML"));
        cases.add(new XmlCase("invalid UTF-8", new byte[] {'<', 'm', (byte) 0xff, (byte) 0xfe, '>'}, -32700,
                "not well-formed XML"));
        cases.add(new XmlCase("DOCTYPE", bytes("<!DOCTYPE methodCall><methodCall><methodName>GetSites</methodName>"
                + "</methodCall>"), -32700, "DOCTYPE"));
        cases.add(new XmlCase("external entity", bytes("<!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/shadow\">]>"
                + "<methodCall><methodName>&x;</methodName></methodCall>"), -32700, "XML"));
        cases.add(new XmlCase("billion laughs", bytes("<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;"
                + "&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><methodCall><methodName>&c;"
                + "</methodName></methodCall>"), -32700, "XML"));
        cases.add(new XmlCase("character reference to NUL", bytes(call("AddSite", "<value><string>&#0;</string></value>")),
                -32700, "not well-formed XML"));
        byte[] huge = new byte[17 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        cases.add(new XmlCase("oversized body", huge, -32700, "the limit is"));
        cases.add(new XmlCase("deep nesting", bytes(call("GetSites", "<value>" + "<array><data><value>".repeat(40) + "1"
                + "</value></data></array>".repeat(40) + "</value>")), -32700, "depth"));
        cases.add(new XmlCase("unknown method", bytes(call("DropEverything")), 100, "unknown method"));
        cases.add(new XmlCase("no auth", bytes("<methodCall><methodName>GetSites</methodName></methodCall>"), 101,
                "the first argument must be auth"));
        cases.add(new XmlCase("auth not a struct", bytes("<methodCall><methodName>GetSites</methodName><params><param>"
                + "<value>x</value></param></params></methodCall>"), 102, "auth: expected a struct"));
        cases.add(new XmlCase("unsupported auth", bytes("<methodCall><methodName>GetSites</methodName><params><param>"
                + "<value><struct><member><name>AuthMethod</name><value>gpg</value></member></struct></value></param>"
                + "</params></methodCall>"), 102, "is not supported"));
        cases.add(new XmlCase("wrong password", bytes(callWithAuth("AuthCheck", auth.replace(TestingPlc.OPERATOR_PASSWORD,
                "guess"))), 103, "no account with that e-mail and password"));
        cases.add(new XmlCase("too many arguments", bytes(call("GetSites", "<value><nil/></value>", "<value><nil/></value>",
                "<value><nil/></value>")), 101, "expected 0 to 2 arguments after auth"));
        cases.add(new XmlCase("wrong type", bytes(call("AddSite", struct("login_base", "<int>5</int>", "name", "<string>n"
                + "</string>", "abbreviated_name", "<string>n</string>"))), 102, "site_fields.login_base: expected a string"));
        cases.add(new XmlCase("unknown field", bytes(call("AddSite", struct("login_base", "<string>new</string>", "name",
                "<string>n</string>", "abbreviated_name", "<string>n</string>", "evil", "<int>1</int>"))), 102,
                "site_fields.evil: unknown field"));
        cases.add(new XmlCase("bad login_base", bytes(call("AddSite", struct("login_base", "<string>a'; DROP TABLE sites"
                + "</string>", "name", "<string>n</string>", "abbreviated_name", "<string>n</string>"))), 102,
                "is not valid: 1 to 20 lowercase letters"));
        cases.add(new XmlCase("duplicate login_base", bytes(call("AddSite", struct("login_base", "<string>hostile</string>",
                "name", "<string>n</string>", "abbreviated_name", "<string>n</string>"))), 102,
                "login_base \"hostile\" already exists"));
        cases.add(new XmlCase("duplicate e-mail, other case", bytes(call("AddPerson", struct("email",
                "<string>SomeOne@Hostile.org</string>", "first_name", "<string>a</string>", "last_name",
                "<string>b</string>"))), 102, "already in use"));
        cases.add(new XmlCase("dangling person id", bytes(call("AddPersonToSite", "<value><int>99999</int></value>",
                "<value><string>hostile</string></value>")), 102, "no person with person_id 99999"));
        cases.add(new XmlCase("dangling node among good ones", bytes(call("AddSliceToNodes",
                "<value><string>hostile_slice</string></value>", "<value><array><data><value><string>node1.hostile.org"
                        + "</string></value><value><int>424242</int></value></data></array></value>")), 102,
                "no node with node_id 424242"));
        cases.add(new XmlCase("dangling slice", bytes(call("DeleteSlice", "<value><string>plc.nowhere.nothing</string>"
                + "</value>")), 102, "no live slice named plc.nowhere.nothing"));
        cases.add(new XmlCase("unknown filter field", bytes(call("GetNodes", struct("colour", "<string>red</string>"))),
                102, "unknown filter field \"colour\""));
        cases.add(new XmlCase("unknown return field", bytes(call("GetNodes", "<value><nil/></value>",
                "<value><array><data><value>secret</value></data></array></value>")), 102,
                "return_fields: unknown field \"secret\""));
        cases.add(new XmlCase("bad RSpec value", bytes(call("AddSliceTag", "<value><string>hostile_slice</string></value>",
                "<value><string>cpu_share</string></value>", "<value><string>lots</string></value>")), 102,
                "cpu_share value \"lots\" is not valid"));
        cases.add(new XmlCase("bad SSH key", bytes(call("AddPersonKey", "<value><string>someone@hostile.org</string>"
                + "</value>", struct("key_type", "<string>ssh</string>", "key", "<string>ssh-dss AAAAB3NzaC1kc3M=</string>"))),
                102, "DSA keys are no longer accepted"));
        cases.add(new XmlCase("renewal beyond limit", bytes(call("UpdateSlice", "<value><string>hostile_slice</string>"
                + "</value>", struct("expires", "<int>1</int>"))), 102, "is not in the future"));
        String anonymous = "<value><struct><member><name>AuthMethod</name><value>anonymous</value></member></struct></value>";
        cases.add(new XmlCase("sort by a hidden field", bytes(callWithAuth("GetNodes", anonymous, struct("-SORT",
                "<string>key</string>"), "<value><array><data><value>node_id</value></data></array></value>")), 108,
                "-SORT: Node.key is visible to operators only"));
        cases.add(new XmlCase("too many attributes", bytes("<methodCall" + " a%d=\"x\"".repeat(300).formatted(
                java.util.stream.IntStream.range(0, 300).boxed().toArray()) + "/>"), -32700, "too many attributes"));
        cases.add(new XmlCase("overlong UTF-8", new byte[] {'<', 'm', '>', (byte) 0xc0, (byte) 0xaf, '<', '/', 'm', '>'},
                -32700, "not valid UTF-8"));
        return cases;
    }

    private static List<JsonCase> jsonCases() {
        List<JsonCase> cases = new ArrayList<>();
        cases.add(new JsonCase("malformed JSON", "POST", "/api/v1/GetSites", bytes("{\"site_filter\": "), 400, "invalid JSON"));
        cases.add(new JsonCase("not an object", "POST", "/api/v1/GetSites", bytes("[1, 2]"), 400, "must be a JSON object"));
        cases.add(new JsonCase("duplicate keys", "POST", "/api/v1/GetSites", bytes("{\"site_filter\": 1, \"site_filter\": 2}"),
                400, "Duplicate field"));
        cases.add(new JsonCase("huge number", "POST", "/api/v1/GetSites", bytes("{\"site_filter\": 1" + "0".repeat(30) + "}"),
                400, "does not fit in 64 bits"));
        cases.add(new JsonCase("NUL in a string", "POST", "/api/v1/AddSite", bytes("{\"site_fields\": {\"login_base\": \"x\","
                + " \"name\": \"a\\u0000b\", \"abbreviated_name\": \"x\"}}"), 400, "control character U+0000"));
        cases.add(new JsonCase("lone surrogate", "POST", "/api/v1/AddSite", bytes("{\"site_fields\": {\"login_base\": \"x\","
                + " \"name\": \"a\\ud800b\", \"abbreviated_name\": \"x\"}}"), 400, "unpaired surrogate"));
        cases.add(new JsonCase("unknown parameter", "POST", "/api/v1/GetSites", bytes("{\"everything\": true}"), 400,
                "unknown parameter everything"));
        cases.add(new JsonCase("unknown method", "POST", "/api/v1/Nope", bytes("{}"), 404, "unknown method"));
        cases.add(new JsonCase("wrong verb", "DELETE", "/api/v1/GetSites", bytes("{}"), 400, "use POST"));
        cases.add(new JsonCase("SQL in a filter", "POST", "/api/v1/DeleteSite", bytes("{\"site_id_or_login_base\":"
                + " \"x' OR '1'='1\"}"), 400, "is not valid"));
        cases.add(new JsonCase("deep nesting", "POST", "/api/v1/GetSites", bytes("{\"site_filter\": " + "[".repeat(50)
                + "]".repeat(50) + "}"), 413, "exceeds a limit"));
        cases.add(new JsonCase("wrong type", "POST", "/api/v1/UpdateNode", bytes("{\"node_id_or_hostname\": true,"
                + " \"node_fields\": {}}"), 400, "node_id_or_hostname: expected"));
        cases.add(new JsonCase("dangling node", "POST", "/api/v1/DeleteNode", bytes("{\"node_id_or_hostname\": 31337}"), 404,
                "no node with node_id 31337"));
        cases.add(new JsonCase("comment", "POST", "/api/v1/GetSites", bytes("{/* x */}"), 400, "comments are not JSON"));
        return cases;
    }

    private static String call(String method, String... params) {
        return callWithAuth(method, auth, params);
    }

    private static String callWithAuth(String method, String authValue, String... params) {
        StringBuilder text = new StringBuilder("<methodCall><methodName>").append(method)
                .append("</methodName><params><param>").append(authValue).append("</param>");
        for (String param : params) {
            text.append("<param>").append(param).append("</param>");
        }
        return text.append("</params></methodCall>").toString();
    }

    private static String struct(String... namesAndValues) {
        StringBuilder text = new StringBuilder("<value><struct>");
        for (int index = 0; index < namesAndValues.length; index += 2) {
            text.append("<member><name>").append(namesAndValues[index]).append("</name><value>")
                    .append(namesAndValues[index + 1]).append("</value></member>");
        }
        return text.append("</struct></value>").toString();
    }

    private static HttpResponse<byte[]> post(String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(testing.uri() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
