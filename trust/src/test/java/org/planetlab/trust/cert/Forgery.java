package org.planetlab.trust.cert;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.planetlab.trust.xml.XmlSignatures;

/** Makes certificates the signer would refuse to make, to show the verifier refuses them too. */
public final class Forgery {
    private Forgery() {
    }

    public static String certificate(Subject subject, PublicKey publicKey, boolean mayIssue, Validity validity,
                                     IssuerReference issuer, PrivateKey signingKey) {
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        return XmlSignatures.signToText(CertificateXml.unsigned(HexFormat.of().formatHex(serial), subject, publicKey, mayIssue,
                validity, issuer), signingKey, "certificate");
    }
}
