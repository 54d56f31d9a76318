package org.planetlab.cli.command;

import org.planetlab.api.method.MethodHelp;
import org.planetlab.api.method.MethodSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Help texts of generated commands, taken from the method catalog. */
final class HelpText {
    private HelpText() {}

    /** Text picocli prints literally: it formats help with {@code %n}, so a lone % must be doubled. */
    static String literal(String text) {
        return text.replace("%", "%%");
    }

    /** The first sentence, for the one-line summary in a command list. */
    static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    /** Sets a command's summary and its description: the method's help, signature and roles. */
    static void describe(CommandSpec spec, MethodSpec method, String summary) {
        spec.usageMessage()
                .header(literal(summary))
                .description(literal(method.help()), "", literal("API method: " + MethodHelp.signature(method)),
                        literal("Allowed: " + MethodHelp.rolesText(method)));
    }
}
