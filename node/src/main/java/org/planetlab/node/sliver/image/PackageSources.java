package org.planetlab.node.sliver.image;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;

/**
 * Where a sliver's apt finds packages: the package repository PLC serves (docs/image.md). The
 * node agent writes it into each sliver's {@code /.planetlab/apt-sources.list}, which the Debian
 * image's {@code /etc/apt/sources.list} links to; without a repository the file is empty and
 * apt knows no source.
 *
 * @param repository the repository's URL, such as {@code http://10.77.0.1:3142/debian}; empty for none
 * @param suite the Debian suite the image was built from, such as {@code bookworm}
 */
public record PackageSources(Optional<URI> repository, String suite) {
    /** The agent config keys read here; the sliver network never sees them. */
    static final Set<String> KEYS = Set.of("package-repository", "package-suite");
    private static final Pattern SUITE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public PackageSources {
        requireNonNull(repository, "repository is null");
        requireNonNull(suite, "suite is null");
        if (!SUITE.matcher(suite).matches()) {
            throw PlanetLabException.invalidArgument("node agent config package-suite: '" + suite
                    + "' is not a Debian suite name such as bookworm");
        }
        repository.ifPresent(uri -> {
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null
                    || uri.getFragment() != null || uri.getRawPath().chars().anyMatch(Character::isWhitespace)) {
                throw PlanetLabException.invalidArgument("node agent config package-repository: '" + uri
                        + "' is not an http URL of a Debian repository such as http://10.77.0.1:3142/debian");
            }
        });
    }

    /** The settings in an agent config's extra keys ({@code package-repository}, {@code package-suite}). */
    public static PackageSources from(Map<String, String> keys) {
        String repository = keys.getOrDefault("package-repository", "").strip();
        String suite = keys.getOrDefault("package-suite", "bookworm").strip();
        if (repository.isEmpty()) {
            return new PackageSources(Optional.empty(), suite);
        }
        try {
            return new PackageSources(Optional.of(new URI(repository)), suite);
        } catch (URISyntaxException e) {
            throw PlanetLabException.invalidArgument("node agent config package-repository: '" + repository
                    + "' is not a URL: " + e.getMessage());
        }
    }

    /** The keys without these, for the readers of the others. */
    public static Map<String, String> withoutPackageKeys(Map<String, String> keys) {
        Map<String, String> rest = new HashMap<>(keys);
        rest.keySet().removeAll(KEYS);
        return rest;
    }

    /** The sliver's {@code apt-sources.list}: one line naming the repository, or nothing. */
    public String sourcesList() {
        return repository.map(uri -> "deb " + uri + " " + suite + " main\n").orElse("");
    }
}
