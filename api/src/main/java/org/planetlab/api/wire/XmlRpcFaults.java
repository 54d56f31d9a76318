package org.planetlab.api.wire;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The one place error codes become XML-RPC faults and faults become error codes again.
 *
 * <p>{@code faultCode} is PLCAPI's number ({@code PLC/Faults.py}), which existing clients test.
 * PLCAPI folded several failures into one number (not found, already exists, in use and quota
 * all answer 102, "invalid argument"), so the number alone cannot say which code it was. Every
 * fault therefore also carries the code's name in an {@value #CODE_MEMBER} member: clients that
 * know only PLCAPI ignore it (Python's {@code xmlrpc.client.Fault} takes extra members), and
 * {@link #code} reads it back, so every code survives the round trip. A fault without it (from a
 * PLCAPI server) decodes to the code PLCAPI meant by its number.
 */
public final class XmlRpcFaults {
    /** The fault struct's member that names the error code. */
    public static final String CODE_MEMBER = "errorCode";

    private XmlRpcFaults() {}

    /** PLCAPI's fault number for a code. */
    public static int number(ErrorCode code) {
        return switch (requireNonNull(code, "code is null")) {
            case MALFORMED_REQUEST, REQUEST_TOO_LARGE -> -32700;
            case UNKNOWN_METHOD -> 100;
            case WRONG_ARGUMENT_COUNT -> 101;
            case INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, IN_USE, QUOTA_EXCEEDED -> 102;
            case AUTHENTICATION_FAILED, VERIFICATION_FAILED -> 103;
            case LOCAL_ONLY -> 104;
            case DATABASE_ERROR -> 106;
            case PERMISSION_DENIED -> 108;
            case NOT_IMPLEMENTED -> 109;
            case INTERNAL_ERROR, HOST_OPERATION_FAILED, UNAVAILABLE -> 111;
        };
    }

    /** The fault that reports a failure. */
    public static XmlRpcResponse.Fault fault(ErrorCode code, String text) {
        return new XmlRpcResponse.Fault(number(code), text, Optional.of(code.name()));
    }

    /** The fault struct of a failure, as {@code system.multicall} puts it among the results. */
    public static Map<String, Object> struct(ErrorCode code, String text) {
        return struct(fault(code, text));
    }

    /** The struct a fault is written as. */
    public static Map<String, Object> struct(XmlRpcResponse.Fault fault) {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("faultCode", (long) fault.faultCode());
        struct.put("faultString", fault.faultString());
        fault.errorCode().ifPresent(name -> struct.put(CODE_MEMBER, name));
        return struct;
    }

    /** The fault a struct holds (one of {@code system.multicall}'s results), if it is one. */
    public static Optional<XmlRpcResponse.Fault> fromStruct(Object value) {
        if (value instanceof Map<?, ?> struct && struct.get("faultCode") instanceof Number number
                && struct.get("faultString") instanceof String text) {
            Optional<String> name = struct.get(CODE_MEMBER) instanceof String given ? Optional.of(given) : Optional.empty();
            return Optional.of(new XmlRpcResponse.Fault(number.intValue(), text, name));
        }
        return Optional.empty();
    }

    /** The error code a fault reports: the one it names, else the one PLCAPI meant by its number. */
    public static ErrorCode code(XmlRpcResponse.Fault fault) {
        Optional<ErrorCode> named = fault.errorCode().flatMap(XmlRpcFaults::known);
        return named.orElseGet(() -> byNumber(fault.faultCode()));
    }

    /** The failure a fault reports, with its string as the message. */
    public static PlanetLabException exception(XmlRpcResponse.Fault fault) {
        return new PlanetLabException(code(fault), fault.faultString());
    }

    private static Optional<ErrorCode> known(String name) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.name().equals(name)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    private static ErrorCode byNumber(int faultCode) {
        return switch (faultCode) {
            case -32700 -> ErrorCode.MALFORMED_REQUEST;
            case 100 -> ErrorCode.UNKNOWN_METHOD;
            case 101 -> ErrorCode.WRONG_ARGUMENT_COUNT;
            case 102 -> ErrorCode.INVALID_ARGUMENT;
            case 103 -> ErrorCode.AUTHENTICATION_FAILED;
            case 104 -> ErrorCode.LOCAL_ONLY;
            case 106 -> ErrorCode.DATABASE_ERROR;
            case 108 -> ErrorCode.PERMISSION_DENIED;
            case 109 -> ErrorCode.NOT_IMPLEMENTED;
            default -> ErrorCode.INTERNAL_ERROR;
        };
    }
}
