package org.planetlab.cli.config;

import java.nio.file.Path;

/**
 * What the command line said about the connection; each component is {@code null} when the
 * option was not given.
 *
 * @param url {@code --url}
 * @param user {@code --user}
 * @param passwordFile {@code --password-file}
 * @param session {@code --session}
 * @param encoding {@code --encoding}
 * @param caFile {@code --ca-file}
 */
public record ConnectionRequest(String url, String user, Path passwordFile, String session, String encoding, Path caFile) {
    public static final ConnectionRequest NONE = new ConnectionRequest(null, null, null, null, null, null);
}
