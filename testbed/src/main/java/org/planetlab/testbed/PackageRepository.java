package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import org.planetlab.api.error.PlanetLabException;

/**
 * The package repository PLC serves to nodes and slivers, as the original PLC served its yum
 * repository: Debian's {@code apt-cacher-ng} on PLC's address, caching what it fetches from the
 * Debian mirror this machine's apt uses and forwarding to nothing else. Slivers' apt asks it for
 * {@code http://<PLC>:3142/debian/...} (their {@code /.planetlab/apt-sources.list}); requests as a
 * proxy for any other host or port, and {@code CONNECT} tunnels, are refused, and it has no report
 * page or local directories to serve.
 *
 * <p>Its cache lives outside the testbed's data directory ({@code <cache>/repository/<prefix>}),
 * so a package fetched once is served from the cache by every later testbed.
 *
 * @param layout the testbed
 * @param mirror the Debian mirror, such as {@code http://deb.debian.org/debian/}
 * @param cache where the fetched files are kept
 */
record PackageRepository(TestbedLayout layout, String mirror, Path cache) {
    static final int PORT = 3142;
    /** The path under which the mirror is served. */
    static final String PATH = "/debian";

    PackageRepository {
        requireNonNull(layout, "layout is null");
        requireNonNull(mirror, "mirror is null");
        requireNonNull(cache, "cache is null");
        if (!mirror.matches("http://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?")) {
            throw PlanetLabException.invalidArgument("the Debian mirror '" + mirror + "' is not a plain http URL;"
                    + " set DEBIAN_MIRROR to one such as http://deb.debian.org/debian/");
        }
    }

    /** Its files in the testbed's data directory: configuration and logs. */
    Path directory() {
        return layout.dataDir().resolve("repository");
    }

    Path log() {
        return directory().resolve("log").resolve("apt-cacher.log");
    }

    /** What slivers' apt names as their source. */
    String url() {
        return "http://" + layout.plcAddress() + ":" + PORT + PATH;
    }

    /** The {@code acng.conf} of the configuration directory the server reads (and no other). */
    String configuration() {
        return """
                # The testbed's package repository: the Debian mirror only (see PackageRepository.java)
                CacheDir: %s
                LogDir: %s
                SupportDir: /usr/lib/apt-cacher-ng
                BindAddress: %s
                Port: %d
                ForeGround: 1
                Remap-debrep: %s ; %s
                # Only the mapping above is served: no proxying for other hosts or ports ...
                ForceManaged: 1
                AllowUserPorts: 80
                RedirMax: 0
                ForwardBtsSoap: 0
                # ... and no CONNECT tunnel to anywhere (the pattern matches no host:port).
                PassThroughPattern: ^$
                ExThreshold: 4
                """.formatted(cache, directory().resolve("log"), layout.plcAddress(), PORT, PATH, mirror);
    }

    /** The server's command line, reading the configuration in {@code directory()/conf}. */
    List<String> command() {
        return List.of("apt-cacher-ng", "-c", directory().resolve("conf").toString());
    }
}
