package org.planetlab.am.gid;

import static java.util.Objects.requireNonNull;

import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.urn.Urn;

/**
 * A GENI identity certificate: an X.509 certificate whose subjectAltName holds the principal's
 * URN (a URI name, {@code urn:publicid:IDN+...}), as SFA and GENI tools make them.
 */
public record Gid(X509Certificate certificate, Urn urn) {
    public Gid {
        requireNonNull(certificate, "certificate is null");
        requireNonNull(urn, "urn is null");
    }

    /** The GID of a certificate: it must name exactly one GENI URN in its subjectAltName. */
    public static Gid of(X509Certificate certificate) {
        requireNonNull(certificate, "certificate is null");
        List<String> urns = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    // 6 is a URI name.
                    if (Integer.valueOf(6).equals(name.get(0)) && name.get(1) instanceof String uri
                            && uri.regionMatches(true, 0, Urn.PREFIX, 0, Urn.PREFIX.length())) {
                        urns.add(uri);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw GeniException.forbidden("certificate of " + certificate.getSubjectX500Principal().getName()
                    + ": its subjectAltName cannot be read: " + e.getMessage());
        }
        if (urns.size() != 1) {
            throw GeniException.forbidden("certificate of " + certificate.getSubjectX500Principal().getName() + " names "
                    + urns.size() + " GENI URNs in its subjectAltName; a GID names exactly one");
        }
        return new Gid(certificate, Urn.parse(urns.getFirst()));
    }

    /** Reads the base64 DER (with or without PEM armour) that credentials carry in owner_gid and target_gid. */
    public static List<X509Certificate> readCertificates(String text, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        String body = text.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "\n").strip();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            if (text.contains("-----BEGIN CERTIFICATE-----")) {
                for (String block : text.split("-----END CERTIFICATE-----")) {
                    int start = block.indexOf("-----BEGIN CERTIFICATE-----");
                    if (start >= 0) {
                        certificates.add(decode(factory, block.substring(start + 27)));
                    }
                }
            } else if (!body.isEmpty()) {
                certificates.add(decode(factory, body));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw GeniException.forbidden(what + " is not a readable X.509 certificate: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw GeniException.forbidden(what + " holds no certificate");
        }
        return certificates;
    }

    private static X509Certificate decode(CertificateFactory factory, String base64) throws CertificateException {
        byte[] der = Base64.getMimeDecoder().decode(base64.strip());
        return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    }

    /** The certificate as base64 DER in 64-character lines, as credentials carry it. */
    public static String base64(X509Certificate certificate) {
        try {
            return Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate always encodes", e);
        }
    }

    @Override
    public String toString() {
        return "Gid[" + urn + "]";
    }
}
