package org.planetlab.plc.peer;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.PeerRequestAuthenticator;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.trust.key.KeyAlgorithm;

/**
 * Peering with other PLCs, assembled: this PLC's peer key and name, the checker of peers'
 * signed requests (for the authenticator), the service and its methods.
 */
public final class Peering {
    private final PeerSettings settings;
    private final PeerKey key;
    private final PeerService service;
    private final PeerRequests requests;

    private Peering(PeerSettings settings, PeerKey key, PeerService service, PeerRequests requests) {
        this.settings = settings;
        this.key = key;
        this.service = service;
        this.requests = requests;
    }

    /** @param keyDirectory where this PLC's peer key is kept (made on first start) */
    public static Peering create(PeerSettings settings, Path keyDirectory, KeyAlgorithm algorithm, MutationPath mutations,
            Database database, Clock clock, SecureRandom random) {
        requireNonNull(settings, "settings is null");
        PeerKey key = PeerKey.openOrCreate(keyDirectory, algorithm, random);
        PeerService service = new PeerService(mutations, database, new PeerClient(key, settings, clock, random), random);
        return new Peering(settings, key, service, new PeerRequests(settings.name(), clock));
    }

    public void register(MethodRegistry registry) {
        new PeerMethods(service, settings.name()).register(registry);
    }

    /** Checks the signed requests peers send this PLC (AuthMethod {@code peer}). */
    public PeerRequestAuthenticator requests() {
        return requests;
    }

    public PeerService service() {
        return service;
    }

    /** This PLC's name among peers (peer.name). */
    public String name() {
        return settings.name();
    }

    /** This PLC's peer public key, as PEM, for its peers' AddPeer. */
    public String publicKeyPem() {
        return key.publicKeyPem();
    }
}
