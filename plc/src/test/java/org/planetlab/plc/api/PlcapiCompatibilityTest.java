package org.planetlab.plc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.catalog.RetiredMethods;
import org.planetlab.api.catalog.ServedWithLimits;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Checks this PLC against the list of the original PLCAPI's methods and signatures (test
 * resource {@code plcapi/original-methods.tsv}): every method the original had is either
 * served, with every argument list the original accepted among its {@code system.methodSignature}
 * and a result of a type the original declared (the original's setters declared nil but returned
 * the value, its multicall declared a struct it never returned), or answers with a fault that
 * says why it is not offered and what to use instead. Also keeps docs/plcapi.md, the list of the
 * original's methods with their status, in step.
 */
class PlcapiCompatibilityTest {
    /** One method of the original: its name, roles, required argument count, result and argument types. */
    record OriginalMethod(String name, String roles, int requiredArguments, List<String> results,
            List<List<String>> arguments) {
        static OriginalMethod parse(String line) {
            String[] columns = line.split("\t", -1);
            List<List<String>> arguments = new ArrayList<>();
            for (int index = 4; index < columns.length; index++) {
                arguments.add(List.of(columns[index].split("\\|")));
            }
            return new OriginalMethod(columns[0], columns[1], Integer.parseInt(columns[2]),
                    List.of(columns[3].split("\\|")), arguments);
        }

        /** Every argument list the original accepted: each arity from the required count, each alternative. */
        List<List<String>> argumentLists() {
            List<List<String>> all = new ArrayList<>();
            List<List<String>> prefixes = List.of(List.of());
            if (requiredArguments == 0) {
                all.add(List.of());
            }
            for (int index = 0; index < arguments.size(); index++) {
                List<List<String>> longer = new ArrayList<>();
                for (List<String> prefix : prefixes) {
                    for (String type : arguments.get(index)) {
                        List<String> extended = new ArrayList<>(prefix);
                        extended.add(type);
                        longer.add(extended);
                    }
                }
                prefixes = longer;
                if (index + 1 >= requiredArguments) {
                    all.addAll(prefixes);
                }
            }
            return all;
        }
    }

    static List<OriginalMethod> originalMethods() throws IOException {
        try (InputStream in = PlcapiCompatibilityTest.class.getResourceAsStream("/plcapi/original-methods.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).map(OriginalMethod::parse).toList();
        }
    }

    @Test
    void everyOriginalMethodIsServedOrSaysWhyNot() throws IOException {
        List<OriginalMethod> originals = originalMethods();
        assertThat(originals).hasSizeGreaterThan(250);
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE)) {
            PlcClient client = testing.operator(PlcClient.Encoding.XML_RPC);
            Set<String> offered = new HashSet<>(strings(client.call("system.listMethods")));
            List<String> problems = new ArrayList<>();
            int served = 0;
            for (OriginalMethod original : originals) {
                if (offered.contains(original.name())) {
                    served++;
                    problems.addAll(signatureProblems(original, signatures(client.call("system.methodSignature",
                            original.name()))));
                } else {
                    problems.addAll(refusalProblems(client, original.name()));
                }
            }
            System.out.printf("%d/%d original methods served%n", served, originals.size());
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void retiredMethodsAreOriginalOnes() throws IOException {
        Set<String> names = new HashSet<>();
        originalMethods().forEach(original -> names.add(original.name()));
        assertThat(names).containsAll(RetiredMethods.all().keySet());
    }

    @Test
    void documentListsEveryOriginalMethod() throws IOException {
        String expected = document(originalMethods());
        Path generated = Path.of("target", "plcapi.md");
        Files.writeString(generated, expected, StandardCharsets.UTF_8);
        assertThat(Files.readString(Path.of("..", "docs", "plcapi.md"), StandardCharsets.UTF_8))
                .as("docs/plcapi.md is out of date; this test wrote the current one to plc/target/plcapi.md")
                .isEqualTo(expected);
    }

    private static List<String> signatureProblems(OriginalMethod original, List<List<String>> ours) {
        List<String> problems = new ArrayList<>();
        for (List<String> arguments : original.argumentLists()) {
            List<String> results = ours.stream().filter(signature -> signature.subList(1, signature.size())
                    .equals(arguments)).map(List::getFirst).toList();
            if (results.isEmpty()) {
                problems.add(original.name() + " does not accept (" + String.join(", ", arguments) + ")");
            } else if (!original.results().contains("mixed")
                    && results.stream().noneMatch(original.results()::contains)) {
                problems.add(original.name() + "(" + String.join(", ", arguments) + ") returns " + results
                        + ", the original " + original.results());
            }
        }
        return problems;
    }

    private static List<String> refusalProblems(PlcClient client, String name) {
        if (RetiredMethods.reason(name).isEmpty()) {
            return List.of(name + " is neither served nor said to be not offered");
        }
        PlanetLabException refusal = catchThrowableOfType(PlanetLabException.class, () -> client.call(name));
        if (refusal == null || refusal.code() != ErrorCode.UNKNOWN_METHOD
                || !refusal.getMessage().contains(name + " is not offered: ")) {
            return List.of(name + " answered " + (refusal == null ? "a result" : refusal.getMessage()));
        }
        return List.of();
    }

    /** Where a served method differs from the original in what it can give, said once for the reader. */
    private static final String NOTES = """

            ## Notes on served methods

            - Messages (AddMessage, GetMessages, UpdateMessage, DeleteMessage): templates are kept and
              returned to operators and nodes for the tools that read them. PLC's own mails (address
              verification, password resets, notices, escalations) keep their built-in texts and do not
              read these templates.
            - GetSessions: session keys are stored only as their SHA-256, so a session's `session_id` is
              that digest in hex. It names the session; it cannot be used to authenticate.
            - InitScripts: GetSlivers lists the enabled scripts (`initscripts`), and a sliver's RSpec
              `bootscript` is resolved at PLC: its own `bootscript`, else `initscript_code`, else the
              enabled script its `initscript` attribute names.
            - Whitelists: AddSliceToNodes refuses a slice not on the whitelist of a node that has one,
              unless the caller belongs to the node's site, as in the original.
            - VerifyPerson and ResetPassword: keys are signed and work once; a mailed key is a link to the
              portal when `portal.public-url` is set. ResetPassword with a key mails a new random
              password, as the original did. A key request does not block a second one (the original
              refused while one was pending).
            """;

    /** docs/plcapi.md: every method of the original, whether it is served, and if not why. */
    static String document(List<OriginalMethod> originals) {
        StringBuilder text = new StringBuilder();
        long served = originals.stream().filter(original -> MethodCatalog.lookup(original.name()).isPresent()).count();
        text.append("# The original PLCAPI, method by method\n\n")
                .append("Every method of the original PlanetLab API (PLCAPI 5: `PLC/Methods`, the system methods and\n")
                .append("the accessors of `PLC/Accessors/Accessors_standard.py`, and PLCAPI 4.3's `PLC/Legacy`\n")
                .append("*SliceAttribute* aliases) and whether this PLC serves it. A\n")
                .append("served method has the original's name and accepts every argument list the original\n")
                .append("accepted (see `system.methodSignature`); a method not offered answers with a fault\n")
                .append("(`UNKNOWN_METHOD`) that says why and what to use instead, the text below.\n\n")
                .append("Generated by `PlcapiCompatibilityTest` from the list in\n")
                .append("`plc/src/test/resources/plcapi/original-methods.tsv`; the test fails when this file and the\n")
                .append("server disagree.\n\n")
                .append("Served: ").append(served).append(" of ").append(originals.size()).append(".\n\n")
                .append("| method | original roles | status |\n|---|---|---|\n");
        for (OriginalMethod original : originals) {
            String status = MethodCatalog.lookup(original.name()).isPresent()
                    ? "served" + ServedWithLimits.note(original.name()).map(note -> "; " + note).orElse("")
                    : "not offered: " + RetiredMethods.reason(original.name()).orElse("(no reason given)");
            text.append("| ").append(original.name()).append(" | ")
                    .append(original.roles().isEmpty() ? "anyone" : original.roles().replace(",", ", "))
                    .append(" | ").append(status).append(" |\n");
        }
        text.append(NOTES);
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return (List<String>) list;
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> signatures(Object list) {
        List<List<String>> signatures = new ArrayList<>();
        for (Object signature : (List<Object>) list) {
            signatures.add(new ArrayList<>((List<String>) signature));
        }
        return signatures;
    }
}
