package org.planetlab.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The layout of every help text: the description (not the one-line summary, which is for the
 * parent's command list), the arguments, the command's own options, its subcommands, then the
 * global options under their own heading, then the exit codes.
 */
final class HelpLayout {
    private static final String GLOBAL_HEADING = "globalOptionListHeading";
    private static final String GLOBAL_LIST = "globalOptionList";

    private HelpLayout() {}

    static void apply(CommandSpec spec) {
        UsageMessageSpec usage = spec.usageMessage();
        usage.descriptionHeading("%n").parameterListHeading("%nArguments:%n").commandListHeading("%nCommands:%n")
                .exitCodeListHeading("%nExit codes:%n");
        Map<String, IHelpSectionRenderer> sections = new java.util.LinkedHashMap<>(usage.sectionMap());
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING,
                help -> own(help).isEmpty() ? "" : help.createHeading("%nOptions:%n"));
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> list(help, own(help)));
        sections.put(GLOBAL_HEADING, help -> global(help).isEmpty() ? "" : help.createHeading("%nGlobal options:%n"));
        sections.put(GLOBAL_LIST, help -> list(help, global(help)));
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        keys.remove(UsageMessageSpec.SECTION_KEY_HEADER_HEADING);
        keys.remove(UsageMessageSpec.SECTION_KEY_HEADER);
        int after = keys.indexOf(UsageMessageSpec.SECTION_KEY_COMMAND_LIST) + 1;
        keys.add(after, GLOBAL_HEADING);
        keys.add(after + 1, GLOBAL_LIST);
        usage.sectionKeys(keys);
        usage.sectionMap(sections);
    }

    private static String list(Help help, List<OptionSpec> options) {
        return options.isEmpty() ? "" : help.optionListExcludingGroups(options, help.createDefaultLayout(), (first, second) -> 0,
                help.parameterLabelRenderer());
    }

    private static List<OptionSpec> own(Help help) {
        return help.commandSpec().options().stream().filter(option -> !option.hidden() && !isGlobal(option)).toList();
    }

    private static List<OptionSpec> global(Help help) {
        return help.commandSpec().options().stream().filter(option -> !option.hidden() && isGlobal(option)).toList();
    }

    private static boolean isGlobal(OptionSpec option) {
        return ParamNames.RESERVED.contains(option.longestName()) || option.versionHelp();
    }
}
