package org.planetlab.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/** Every error code survives each encoding: written by a server, read back by a client, the same code. */
class ErrorEncodingsTest {
    private final XmlRpcWriter xmlWriter = new XmlRpcWriter();
    private final XmlRpcReader xmlReader = new XmlRpcReader();
    private final JsonCodec json = new JsonCodec();

    @Test
    void everyCodeSurvivesAnXmlRpcFault() {
        for (ErrorCode code : ErrorCode.values()) {
            byte[] written = xmlWriter.writeFault(XmlRpcFaults.fault(code, "GetSites: what went wrong"));
            XmlRpcResponse.Fault read = (XmlRpcResponse.Fault) xmlReader.readResponse(written);

            PlanetLabException decoded = XmlRpcFaults.exception(read);
            assertThat(decoded.code()).as(code.name()).isEqualTo(code);
            assertThat(decoded.getMessage()).isEqualTo("GetSites: what went wrong");
            assertThat(read.faultCode()).as("PLCAPI's number for " + code).isEqualTo(XmlRpcFaults.number(code));
        }
    }

    @Test
    void everyCodeSurvivesAFaultAmongMulticallResults() {
        for (ErrorCode code : ErrorCode.values()) {
            byte[] written = xmlWriter.writeResponse(List.of(List.of(1L), XmlRpcFaults.struct(code, "DeleteSite: no")));
            List<?> results = (List<?>) ((XmlRpcResponse.Success) xmlReader.readResponse(written)).value();

            assertThat(XmlRpcFaults.fromStruct(results.get(0))).isEmpty();
            assertThat(XmlRpcFaults.fromStruct(results.get(1)).map(XmlRpcFaults::code)).as(code.name()).contains(code);
        }
    }

    @Test
    void everyCodeSurvivesAJsonErrorAnswer() {
        for (ErrorCode code : ErrorCode.values()) {
            byte[] written = json.write(JsonErrors.body(new PlanetLabException(code, "no site \"x\"")));
            Map<?, ?> error = (Map<?, ?>) ((Map<?, ?>) json.read(written)).get("error");

            PlanetLabException decoded = JsonErrors.exception(error);
            assertThat(decoded.code()).as(code.name()).isEqualTo(code);
            assertThat(decoded.getMessage()).isEqualTo("no site \"x\"");
            assertThat(error.get("fault_code")).isEqualTo((long) XmlRpcFaults.number(code));
        }
    }

    @Test
    void faultNumbersArePlcapisExactly() {
        Map<ErrorCode, Integer> plcapi = new EnumMap<>(ErrorCode.class);
        plcapi.put(ErrorCode.MALFORMED_REQUEST, -32700);
        plcapi.put(ErrorCode.REQUEST_TOO_LARGE, -32700);
        plcapi.put(ErrorCode.UNKNOWN_METHOD, 100);
        plcapi.put(ErrorCode.WRONG_ARGUMENT_COUNT, 101);
        plcapi.put(ErrorCode.INVALID_ARGUMENT, 102);
        plcapi.put(ErrorCode.AUTHENTICATION_FAILED, 103);
        plcapi.put(ErrorCode.LOCAL_ONLY, 104);
        plcapi.put(ErrorCode.PERMISSION_DENIED, 108);
        plcapi.put(ErrorCode.NOT_FOUND, 102);
        plcapi.put(ErrorCode.ALREADY_EXISTS, 102);
        plcapi.put(ErrorCode.IN_USE, 102);
        plcapi.put(ErrorCode.QUOTA_EXCEEDED, 102);
        plcapi.put(ErrorCode.NOT_IMPLEMENTED, 109);
        plcapi.put(ErrorCode.DATABASE_ERROR, 106);
        plcapi.put(ErrorCode.INTERNAL_ERROR, 111);
        plcapi.put(ErrorCode.VERIFICATION_FAILED, 103);
        plcapi.put(ErrorCode.HOST_OPERATION_FAILED, 111);
        plcapi.put(ErrorCode.UNAVAILABLE, 111);
        assertThat(plcapi).as("a number for every code").hasSize(ErrorCode.values().length);
        plcapi.forEach((code, number) -> assertThat(XmlRpcFaults.number(code)).as(code.name()).isEqualTo(number));
    }

    @Test
    void aPlcapiFaultWithoutACodeNameMeansWhatPlcapiMeantByTheNumber() {
        assertThat(decodePlcapiFault(102)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(decodePlcapiFault(103)).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(decodePlcapiFault(108)).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(decodePlcapiFault(106)).isEqualTo(ErrorCode.DATABASE_ERROR);
        assertThat(decodePlcapiFault(-32700)).isEqualTo(ErrorCode.MALFORMED_REQUEST);
        assertThat(decodePlcapiFault(111)).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(decodePlcapiFault(-507)).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void aCodeThisSideDoesNotKnowIsAnInternalErrorWithTheServersMessage() {
        PlanetLabException fromFault = XmlRpcFaults.exception(
                (XmlRpcResponse.Fault) xmlReader.readResponse(fault(102, "SOMETHING_NEWER")));
        assertThat(fromFault.code()).as("the number still decides").isEqualTo(ErrorCode.INVALID_ARGUMENT);
        PlanetLabException fromJson = JsonErrors.exception(Map.of("code", "SOMETHING_NEWER", "message", "later"));
        assertThat(fromJson.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(fromJson.getMessage()).isEqualTo("later");
    }

    @Test
    void httpStatusesTellTheCallersMistakesFromTheServers() {
        for (ErrorCode code : ErrorCode.values()) {
            int status = JsonErrors.status(code);
            boolean callersMistake = code.category() != ErrorCategory.INTERNAL;
            assertThat(status).as(code.name()).isBetween(callersMistake ? 400 : 500, callersMistake ? 499 : 599);
        }
        assertThat(JsonErrors.status(ErrorCode.NOT_FOUND)).isEqualTo(404);
        assertThat(JsonErrors.status(ErrorCode.REQUEST_TOO_LARGE)).isEqualTo(413);
        assertThat(JsonErrors.status(ErrorCode.UNAVAILABLE)).isEqualTo(503);
    }

    private ErrorCode decodePlcapiFault(int number) {
        return XmlRpcFaults.code((XmlRpcResponse.Fault) xmlReader.readResponse(fault(number, null)));
    }

    /** A fault as PLCAPI writes it (no code name), or with a code name given. */
    private static byte[] fault(int number, String codeName) {
        String member = codeName == null ? ""
                : "<member><name>errorCode</name><value><string>" + codeName + "</string></value></member>";
        return ("<?xml version=\"1.0\"?><methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><int>" + number + "</int></value></member>"
                + "<member><name>faultString</name><value><string>Invalid argument: x</string></value></member>"
                + member + "</struct></value></fault></methodResponse>").getBytes(StandardCharsets.UTF_8);
    }
}
