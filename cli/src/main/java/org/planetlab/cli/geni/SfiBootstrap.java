package org.planetlab.cli.geni;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.XmlRpcReader;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.api.wire.XmlRpcWriter;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsContexts;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * Sets up an SFA client directory (sfi's {@code ~/.sfi}) for a person of PLC, as sfi bootstraps
 * itself: a self-signed certificate of the person's RSA key, GetSelfCredential at PLC's registry
 * over TLS with it (PLC's server certificate pinned), the GID taken from the credential's owner
 * and its issuers' from the person's record (Resolve); then the files sfi reads: {@code <hrn>.pkey} (the private key), {@code <hrn>.user.gid},
 * {@code <hrn>.user.cred}, {@code plc-ca.pem} and {@code sfi_config} with the registry and AM URLs,
 * the authority and the user.
 *
 * @param user the person's hrn, e.g. {@code plc.princeton.alice}
 */
public record SfiBootstrap(String user, PrivateKey key, URI registry, URI aggregate, X509Certificate serverCa) {
    public SfiBootstrap {
        requireNonNull(user, "user is null");
        requireNonNull(key, "key is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(aggregate, "aggregate is null");
        requireNonNull(serverCa, "serverCa is null");
        if (!user.matches("[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[A-Za-z0-9_-]+")) {
            throw PlanetLabException.invalidArgument("--user " + user + ": an hrn such as plc.princeton.alice is expected");
        }
        if (!(key instanceof RSAPrivateCrtKey)) {
            throw PlanetLabException.invalidArgument("the key is not an RSA private key; GIDs are for RSA keys (ssh-rsa)");
        }
    }

    /** What was written. */
    public record Written(Path directory, X509Certificate gid, Path config) {}

    /** Asks the registry for the person's credential and writes the client directory. */
    public Written write(Path directory, Clock clock, SecureRandom random) {
        PublicKey publicKey = publicKey((RSAPrivateCrtKey) key);
        X509Certificate selfSigned = selfSigned(publicKey, clock, random);
        HttpClient http = TlsContexts.httpClient(TlsContexts.client(serverCa, Optional.of(new TlsIdentity(key, List.of(selfSigned))), random),
                Duration.ofSeconds(15));
        String credential = switch (call(http, "GetSelfCredential", List.of(Pem.write(selfSigned), user, "user"))) {
            case String text -> text;
            default -> throw PlanetLabException.invalidArgument("the registry answered no credential");
        };
        X509Certificate gid = ownerGid(credential);
        if (!gid.getPublicKey().equals(publicKey)) {
            throw PlanetLabException.invalidArgument("the registry answered a GID for another key; is " + registry + " PLC's registry?");
        }
        List<X509Certificate> chain = gidChain(http, credential, gid);
        String authority = user.substring(0, user.lastIndexOf('.'));
        try {
            if (!Files.exists(directory)) {
                KeyFiles.createPrivateDirectory(directory);
            }
            KeyFiles.writePrivateKey(directory.resolve(user + ".pkey"), key);
            KeyFiles.writePublic(directory.resolve(user + ".sscert"), Pem.write(selfSigned));
            KeyFiles.writePublic(directory.resolve(user + ".user.gid"), chain.stream().map(Pem::write).collect(Collectors.joining()));
            KeyFiles.writePrivate(directory.resolve(user + ".user.cred"), credential);
            KeyFiles.writePublic(directory.resolve("plc-ca.pem"), Pem.write(serverCa));
            Path config = directory.resolve("sfi_config");
            KeyFiles.writePublic(config, String.join("\n",
                    "# Written by pl geni config; PLC's server certificate is pinned in plc-ca.pem.",
                    "SFI_AUTH='" + authority + "'",
                    "SFI_USER='" + user + "'",
                    "SFI_REGISTRY='" + registry + "'",
                    "SFI_SM='" + aggregate + "'",
                    ""));
            return new Written(directory, gid, config);
        } catch (RuntimeException e) {
            throw PlanetLabException.invalidArgument("cannot write " + directory + ": " + e.getMessage());
        }
    }

    private static PublicKey publicKey(RSAPrivateCrtKey key) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is always available", e);
        }
    }

    private X509Certificate selfSigned(PublicKey publicKey, Clock clock, SecureRandom random) {
        X500Name name = new X500Name("CN=" + user);
        Instant now = clock.instant();
        try {
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, random).add(BigInteger.ONE), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(30))), name, publicKey)
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the self-signed certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The GID with the chain of its issuers up to PLC's root, as sfi keeps it: the person's own
     * record (Resolve with the credential just given) holds it. A person of a site under another
     * of PLC's authorities ({@code ple}) needs that authority's GID in the chain to be accepted.
     */
    private List<X509Certificate> gidChain(HttpClient http, String credential, X509Certificate gid) {
        if (call(http, "Resolve", List.of(user, credential)) instanceof List<?> records && !records.isEmpty()
                && records.getFirst() instanceof java.util.Map<?, ?> record && record.get("gid") instanceof String pem
                && pem.contains("BEGIN CERTIFICATE")) {
            // The record's GID may be for another of the person's keys; its issuers are the same.
            List<X509Certificate> chain = Pem.readCertificates(pem);
            List<X509Certificate> withGid = new java.util.ArrayList<>(List.of(gid));
            withGid.addAll(chain.subList(1, chain.size()));
            return withGid;
        }
        return List.of(gid);
    }

    private Object call(HttpClient http, String method, List<Object> params) {
        byte[] body = new XmlRpcWriter().writeCall(method, params);
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(registry).header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot reach the registry at " + registry + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while calling the registry");
        }
        if (response.statusCode() != 200) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the registry at " + registry + " answered HTTP " + response.statusCode());
        }
        return switch (new XmlRpcReader().readResponse(response.body())) {
            case XmlRpcResponse.Success success -> success.value();
            case XmlRpcResponse.Fault fault -> throw PlanetLabException.permissionDenied("the registry refused: " + fault.faultString());
        };
    }

    /** The owner's GID of a signed credential (its first {@code owner_gid}, base64 DER). */
    static X509Certificate ownerGid(String credential) {
        int start = credential.indexOf("<owner_gid>");
        int end = credential.indexOf("</owner_gid>");
        if (start < 0 || end < start) {
            throw PlanetLabException.invalidArgument("the registry's answer is not a signed credential");
        }
        byte[] der = Base64.getMimeDecoder().decode(credential.substring(start + "<owner_gid>".length(), end).strip());
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
        return Pem.readCertificates(pem).getFirst();
    }
}
