package org.planetlab.am.testing;

import java.security.cert.X509Certificate;
import java.util.List;
import org.planetlab.am.gid.Gid;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.trust.key.Pem;

/**
 * A person bootstrapped at the registry as sfi does it: GetSelfCredential over a connection with
 * their self-signed certificate, then their GID (the owner of that credential) as client
 * certificate from there on.
 */
public record SfaUser(AmTestbed.RegistryPerson person, String hrn, String userCredential, Gid gid, AmClient registry, AmClient aggregate) {
    public static SfaUser bootstrap(AmTestbed testbed, AmTestbed.RegistryPerson person, String hrn) throws Exception {
        AmClient selfSigned = testbed.registryClient(person.selfSignedTls());
        String credential = (String) value(selfSigned.raw("GetSelfCredential", Pem.write(person.selfSigned()), hrn, "user"));
        Gid gid = Gid.of(ownerGid(credential));
        List<X509Certificate> chain = testbed.chain(gid.certificate());
        return new SfaUser(person, hrn, credential, gid, testbed.registryClient(person.withChain(chain)),
                testbed.client(person.withChain(chain)));
    }

    /** The owner's GID a signed credential names. */
    public static X509Certificate ownerGid(String credential) {
        int start = credential.indexOf("<owner_gid>") + "<owner_gid>".length();
        return Gid.readCertificates(credential.substring(start, credential.indexOf("</owner_gid>")), "owner_gid").getFirst();
    }

    /** The value of a registry answer; a fault fails with its code and string. */
    public static Object value(XmlRpcResponse response) {
        if (response instanceof XmlRpcResponse.Success success) {
            return success.value();
        }
        throw new AssertionError("the registry answered with a fault: " + response);
    }

    /** Calls the registry as this user. */
    public XmlRpcResponse call(String method, Object... params) throws Exception {
        return registry.raw(method, params);
    }

    public String credential(String xrn, String type) throws Exception {
        return (String) value(call("GetCredential", userCredential, xrn, type));
    }

    public List<?> resolve(String xrn) throws Exception {
        return (List<?>) value(call("Resolve", xrn, userCredential));
    }
}
