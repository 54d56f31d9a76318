package org.planetlab.cli.cert;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.planetlab.api.error.PlanetLabException;

/** Recovers the public key of a private key file, so a root key file alone can sign. */
final class RootKeys {
    private RootKeys() {
    }

    static PublicKey publicKeyOf(PrivateKey privateKey) {
        try {
            if (privateKey instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (privateKey instanceof ECPrivateKey ec) {
                var point = EC5Util.convertSpec(ec.getParams()).getG().multiply(ec.getS()).normalize();
                BigInteger x = point.getAffineXCoord().toBigInteger();
                BigInteger y = point.getAffineYCoord().toBigInteger();
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), ec.getParams()));
            }
        } catch (GeneralSecurityException e) {
            throw PlanetLabException.invalidArgument("cannot derive the public key of the issuer key: " + e.getMessage());
        }
        throw PlanetLabException.invalidArgument("the issuer key must be an RSA or EC private key");
    }
}
