package org.planetlab.am.credential;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.am.gid.Gid;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Verifies a GENI signed credential for a caller, refusing with {@code FORBIDDEN} and the reason:
 * <ul>
 * <li>the XML is parsed without document types, entities or comments ({@link SafeXml});
 * <li>every credential of the delegation chain has exactly one signature, referencing its
 *     {@code xml:id}, which no other element carries; the signature verifies over that very element;
 * <li>the credential an authority signed is signed by an authority GID that chains to a trusted
 *     root and whose authority covers the target; each delegated credential is signed by the owner
 *     of the credential it was delegated from;
 * <li>a delegated credential keeps its parent's target, expires no later, and holds only
 *     privileges its parent let it delegate;
 * <li>signing keys are RSA of 2048 bits or more, or EC on P-256/P-384/P-521;
 * <li>no credential of the chain has expired, and the top one's owner is the caller.
 * </ul>
 */
public final class CredentialVerifier {
    private static final XmlLimits LIMITS = new XmlLimits(1024 * 1024, 64, 20_000);

    private final GidChains chains;
    private final Clock clock;
    private final java.util.function.Predicate<X509Certificate> acceptsSha1From;

    /**
     * @param acceptsSha1From whether a trusted root's authority opted in to RSA-SHA1 signatures (as
     *     xmlsec1 makes them): a SHA-1 signature is accepted only when its signer chains to such a root
     */
    public CredentialVerifier(GidChains chains, Clock clock, java.util.function.Predicate<X509Certificate> acceptsSha1From) {
        this.chains = requireNonNull(chains, "chains is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.acceptsSha1From = requireNonNull(acceptsSha1From, "acceptsSha1From is null");
    }

    /** A verifier that gives every root the same SHA-1 answer. */
    public CredentialVerifier(GidChains chains, Clock clock, boolean acceptSha1) {
        this(chains, clock, root -> acceptSha1);
    }

    /**
     * Verifies {@code xml} for the caller whose certificate is {@code caller}.
     */
    public VerifiedCredential verify(String xml, X509Certificate caller) {
        requireNonNull(caller, "caller is null");
        return verify(xml, caller::equals, () -> Gid.of(caller).urn().toString());
    }

    /**
     * Verifies {@code xml} for a caller who proved (in the TLS handshake) that it holds the private
     * key of {@code callerKey}: the top credential's owner GID must be for that key. SFA's registry
     * checks callers so, because its clients call with a self-signed certificate of their key
     * until they have their GID.
     */
    public VerifiedCredential verifyHeldKey(String xml, java.security.PublicKey callerKey) {
        requireNonNull(callerKey, "callerKey is null");
        return verify(xml, owner -> owner.getPublicKey().equals(callerKey), () -> "the holder of the client certificate's key");
    }

    private VerifiedCredential verify(String xml, java.util.function.Predicate<X509Certificate> isCaller,
            java.util.function.Supplier<String> caller) {
        requireNonNull(xml, "xml is null");
        Document document;
        try {
            document = SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8), LIMITS, "credential");
        } catch (PlanetLabException e) {
            throw CredentialReader.refused(e.getMessage());
        }
        CredentialReader.Parts parts = CredentialReader.read(document.getDocumentElement());
        GeniCredential top = parts.credential();
        List<GeniCredential> chain = top.chain();
        Map<String, SignatureCheck> signatures = signaturesById(parts.signatures(), chain);
        requireUniqueIds(document.getDocumentElement(), chain);
        Instant now = clock.instant();
        for (int index = 0; index < chain.size(); index++) {
            GeniCredential credential = chain.get(index);
            if (!credential.expires().isAfter(now)) {
                throw CredentialReader.refused("credential " + credential.xmlId() + " (target " + credential.targetUrn()
                        + ") expired at " + credential.expires() + "; get a fresh one from your slice authority");
            }
            SignatureCheck signature = signatures.get(credential.xmlId());
            List<X509Certificate> signerChain = signature.certificates();
            X509Certificate signer = signerChain.getFirst();
            try {
                signer.checkValidity(java.util.Date.from(now));
            } catch (java.security.cert.CertificateException e) {
                throw CredentialReader.refused("the certificate that signed credential " + credential.xmlId()
                        + " is not valid now: " + e.getMessage());
            }
            if (credential.parent().isPresent()) {
                GeniCredential parent = credential.parent().get();
                if (!signer.equals(parent.ownerGid().getFirst())) {
                    throw CredentialReader.refused("credential " + credential.xmlId() + " is not signed by the owner of the"
                            + " credential it was delegated from (" + parent.ownerUrn() + "): the delegation chain is broken");
                }
                checkDelegation(credential, parent);
            } else {
                Gid authority = chains.verify(signerChain, "the signer of credential " + credential.xmlId());
                Urn target = Urn.parse(credential.targetUrn());
                if (!authority.urn().type().equals("authority") || !target.isUnder(authority.urn().authority())) {
                    throw CredentialReader.refused(authority.urn() + " may not grant privileges on " + target
                            + "; only its own authority's slice authority may");
                }
            }
            try {
                KeyAlgorithm.requireAcceptable(signer.getPublicKey(), "the key that signed credential " + credential.xmlId());
            } catch (PlanetLabException e) {
                throw CredentialReader.refused(e.getMessage());
            }
            signature.verify(credential.element(), signer.getPublicKey(), signature.usesSha1() && sha1Accepted(signerChain));
            Gid owner = Gid.of(credential.ownerGid().getFirst());
            if (!owner.urn().toString().equals(credential.ownerUrn())) {
                throw CredentialReader.refused("owner_urn " + credential.ownerUrn() + " of credential " + credential.xmlId()
                        + " is not the URN of its owner_gid (" + owner.urn() + ")");
            }
            if (!credential.targetGid().isEmpty()
                    && !Gid.of(credential.targetGid().getFirst()).urn().toString().equals(credential.targetUrn())) {
                throw CredentialReader.refused("target_urn " + credential.targetUrn() + " of credential " + credential.xmlId()
                        + " is not the URN of its target_gid");
            }
        }
        if (!isCaller.test(top.ownerGid().getFirst())) {
            throw CredentialReader.refused("the credential belongs to " + top.ownerUrn()
                    + ", not to the caller " + caller.get() + " (the client certificate)");
        }
        return new VerifiedCredential(Urn.parse(top.ownerUrn()), Urn.parse(top.targetUrn()), top.expires(), top.privileges(),
                top.ownerGid().getFirst());
    }

    /** Whether the signer's authority opted in to SHA-1: its chain must lead to a root whose policy says so. */
    private boolean sha1Accepted(List<X509Certificate> signerChain) {
        try {
            return acceptsSha1From.test(chains.verifyToRoot(signerChain, "the signer").root());
        } catch (org.planetlab.am.geni.GeniException e) {
            return false;
        }
    }

    private static void checkDelegation(GeniCredential child, GeniCredential parent) {
        if (!child.targetUrn().equals(parent.targetUrn())) {
            throw CredentialReader.refused("credential " + child.xmlId() + " names target " + child.targetUrn()
                    + " but was delegated from a credential for " + parent.targetUrn());
        }
        if (child.expires().isAfter(parent.expires())) {
            throw CredentialReader.refused("credential " + child.xmlId() + " expires at " + child.expires()
                    + ", after the credential it was delegated from (" + parent.expires() + ")");
        }
        for (Privilege privilege : child.privileges()) {
            boolean delegable = parent.privileges().stream().anyMatch(held -> held.canDelegate()
                    && (held.name().equals(Privilege.ALL) || held.name().equals(privilege.name())));
            if (!delegable) {
                throw CredentialReader.refused("credential " + child.xmlId() + " claims privilege \"" + privilege.name()
                        + "\", which the credential it was delegated from does not hold or may not delegate");
            }
        }
    }

    /** Each credential of the chain has exactly one signature, and every signature belongs to one. */
    private static Map<String, SignatureCheck> signaturesById(List<Element> elements, List<GeniCredential> chain) {
        Map<String, SignatureCheck> byId = new HashMap<>();
        for (Element element : elements) {
            SignatureCheck check = SignatureCheck.of(element);
            if (byId.put(check.referencedId(), check) != null) {
                throw CredentialReader.refused("two signatures reference credential " + check.referencedId());
            }
        }
        List<String> ids = chain.stream().map(GeniCredential::xmlId).toList();
        for (String id : ids) {
            if (!byId.containsKey(id)) {
                throw CredentialReader.refused("no signature references credential " + id);
            }
        }
        List<String> stray = new ArrayList<>(byId.keySet());
        stray.removeAll(ids);
        if (!stray.isEmpty()) {
            throw CredentialReader.refused("signatures reference " + stray + ", which are not credentials of the delegation chain");
        }
        return byId;
    }

    /** No element but the chain's credentials carries their ids, so a reference cannot be redirected. */
    private static void requireUniqueIds(Element root, List<GeniCredential> chain) {
        Map<String, Integer> counts = new HashMap<>();
        countIds(root, counts);
        for (GeniCredential credential : chain) {
            if (counts.getOrDefault(credential.xmlId(), 0) != 1) {
                throw CredentialReader.refused("the id " + credential.xmlId() + " is carried by "
                        + counts.getOrDefault(credential.xmlId(), 0) + " elements; a signed credential's id must be unique");
            }
        }
    }

    private static void countIds(Element element, Map<String, Integer> counts) {
        var attributes = element.getAttributes();
        for (int index = 0; index < attributes.getLength(); index++) {
            Node attribute = attributes.item(index);
            String local = attribute.getLocalName() == null ? attribute.getNodeName() : attribute.getLocalName();
            if (local.equalsIgnoreCase("id")) {
                counts.merge(attribute.getNodeValue(), 1, Integer::sum);
            }
        }
        for (Element child : CredentialReader.children(element)) {
            countIds(child, counts);
        }
    }
}
