package org.planetlab.cli.command;

import java.util.Locale;
import java.util.Set;

/**
 * How API names become command-line names: {@code site_id_or_login_base} is the positional
 * {@code SITE} or the option {@code --site}; struct field {@code max_slices} is
 * {@code --max-slices}, except where that would shadow a global option ({@code url} of a site
 * becomes {@code --site-url}, since {@code --url} is the PLC address).
 */
final class ParamNames {
    /** Names every command already uses for global options and help. */
    static final Set<String> RESERVED = Set.of("--url", "--user", "--password-file", "--session", "--ca-file", "--encoding", "--json",
            "--quiet", "-q", "--help", "-h");

    private ParamNames() {}

    /** The short name of a parameter: {@code node_id_or_hostname_list} is {@code node}. */
    static String shortName(String param) {
        String name = param;
        int or = name.indexOf("_id_or_");
        if (or > 0) {
            name = name.substring(0, or);
        }
        if (name.endsWith("_list")) {
            name = name.substring(0, name.length() - "_list".length());
        }
        return name.equals("slice_name") ? "slice" : name;
    }

    /** The label of a positional parameter, e.g. {@code SITE}. */
    static String label(String param) {
        return shortName(param).toUpperCase(Locale.ROOT);
    }

    /** The option for a parameter or field, renamed with {@code prefix} if it would shadow a global option. */
    static String option(String name, String prefix) {
        String option = "--" + name.replace('_', '-');
        if (RESERVED.contains(option)) {
            option = "--" + prefix.toLowerCase(Locale.ROOT) + "-" + name.replace('_', '-');
        }
        return option;
    }
}
