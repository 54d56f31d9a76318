package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.planetlab.api.name.SliceNames;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.trust.cert.CertificateXml;
import org.planetlab.trust.key.Pem;

/**
 * A slice authority as the node's owner described it in a pool (Architecture §4.5, §4.9): its
 * name, which prefixes the slices it may create here; its server and the CA that certifies that
 * server's TLS endpoint; and the key of its certificate, which tickets must be signed with.
 *
 * @param name e.g. {@code plc}
 * @param url its API
 * @param tlsCa the only CA trusted for its TLS endpoint
 * @param ticketKey the public key of its certificate; empty if the owner gave none (then no ticket is accepted)
 * @param managing whether it is the node's own PLC, the management authority that decides what
 *     the node runs: only then are slices under its other naming authorities run here
 */
record SliceAuthority(String name, URI url, X509Certificate tlsCa, Optional<PublicKey> ticketKey, boolean managing) {
    SliceAuthority {
        requireNonNull(name, "name is null");
        requireNonNull(url, "url is null");
        requireNonNull(tlsCa, "tlsCa is null");
        requireNonNull(ticketKey, "ticketKey is null");
    }

    /** The authority a pool's RSpec names; server and CA default to the node's own PLC, {@code plcUrl}. */
    static SliceAuthority of(Rspec pool, URI plcUrl, X509Certificate defaultCa) {
        URI url = pool.authorityUrl().isEmpty() ? plcUrl : URI.create(pool.authorityUrl());
        X509Certificate ca = pool.authorityCa().isEmpty() ? defaultCa : Pem.readCertificates(pool.authorityCa()).getFirst();
        return new SliceAuthority(pool.authority(), url, ca, ticketKey(pool.authorityCertificate()), url.equals(plcUrl));
    }

    private static Optional<PublicKey> ticketKey(String certificate) {
        if (certificate.isBlank()) {
            return Optional.empty();
        }
        if (certificate.contains("-----BEGIN CERTIFICATE-----")) {
            return Optional.of(Pem.readCertificates(certificate).getFirst().getPublicKey());
        }
        return Optional.of(CertificateXml.parse(certificate).publicKey());
    }

    /**
     * The node's name for a slice this authority names hierarchically: {@code plc.princeton.codeen}
     * under {@code plc} is {@code princeton_codeen}, as PLC and users name it; empty if the slice
     * is not under this authority.
     */
    Optional<String> sliverName(String hierarchicalName) {
        return SliceNames.sliverName(name, hierarchicalName);
    }

    /**
     * The node's name for a slice this authority listed in a view naming {@code namingAuthorities}
     * (Architecture §4.4: one PLC naming slices under {@code plc} and {@code ple}): under its own
     * name as {@link #sliverName(String)}, or, when it is the node's own PLC and its view says its
     * own authority is this one, under any of the others ({@code ple.inria.demo} is {@code
     * inria_demo}); empty for a slice under anything else.
     */
    Optional<String> sliverName(String hierarchicalName, List<String> namingAuthorities) {
        Optional<String> own = sliverName(hierarchicalName);
        if (own.isPresent() || !managing || namingAuthorities.isEmpty() || !namingAuthorities.getFirst().equals(name)) {
            return own;
        }
        return namingAuthorities.stream().skip(1)
                .flatMap(authority -> SliceNames.sliverName(authority, hierarchicalName).stream()).findFirst();
    }
}
