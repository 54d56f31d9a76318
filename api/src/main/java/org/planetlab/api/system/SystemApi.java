package org.planetlab.api.system;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.StringType;

/** The XML-RPC introspection and batching methods; they take no auth argument. */
public final class SystemApi {
    private SystemApi() {}

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("system.listMethods")
                    .returns(ArrayType.of(StringType.max(64)), "every method name")
                    .help("Lists the methods this server offers.")
                    .build(),
            MethodSpec.builder("system.methodHelp")
                    .param("method", StringType.nonEmpty(64), "a method name")
                    .returns(StringType.max(65_536), "its help text")
                    .help("Returns a method's signature, roles, parameters and description.")
                    .build(),
            MethodSpec.builder("system.methodSignature")
                    .param("method", StringType.nonEmpty(64), "a method name")
                    .returns(ArrayType.of(ArrayType.of(StringType.max(16))), "its signatures")
                    .help("Returns the method's signatures: lists of XML-RPC type names, result first.")
                    .build(),
            MethodSpec.builder("system.multicall")
                    .param("calls", new ArrayType(AnyType.struct("a {methodName, params} struct"), 1000),
                            "the calls, each {methodName: name, params: [auth, ...]}")
                    .returns(ArrayType.of(new AnyType("[result] or {faultCode, faultString}")),
                            "for each call, a one-element array with its result or a fault struct")
                    .help("Runs several calls in one request, each on its own (one failing does not undo the"
                            + " others) and each with its own auth.")
                    .build());
}
