package org.planetlab.api.client;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A server could not be reached because TLS did not accept its certificate: it does not chain
 * to the authority the client trusts, or the chain is expired or revoked. The server is
 * {@link ErrorCode#UNAVAILABLE} to this client; the type lets a front end say what to fix (give
 * the right CA certificate) without reading the message.
 */
public final class UntrustedCertificateException extends PlanetLabException {
    public UntrustedCertificateException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
    }

    /** Whether a connection failed because the certificate path was refused (PKIX building or validation). */
    public static boolean isCause(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
                return true;
            }
        }
        return false;
    }
}
