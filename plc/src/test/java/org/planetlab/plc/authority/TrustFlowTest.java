package org.planetlab.plc.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.cert.CertificateXml;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.PersonSubject;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.node.NodeRequestSigner;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;
import org.planetlab.trust.node.ServiceCertificateIssuer;
import org.planetlab.trust.session.SessionKeySealer;
import org.planetlab.trust.ticket.TicketNodes;
import org.planetlab.trust.ticket.TicketPrincipal;
import org.planetlab.trust.ticket.TicketVerifier;
import org.planetlab.trust.ticket.VerifiedTicket;

/**
 * The security flows of Architecture section 5 against a real PLC: a node boots (reinstall, then
 * boot) and gets a certificate for the key it generated; its node manager certifies the slice
 * creation service, which trades that certificate for a session sealed to its key and acts as
 * the node; a person does the same with a certificate from the slice authority; a user gets a
 * signed ticket for their slice that anyone can verify.
 */
class TrustFlowTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void bootCertificatesSessionsAndTickets() throws java.security.GeneralSecurityException {
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("secure");
            PlcClient user = operator.as(registry.person("user@secure.org", "user", siteId));
            long nodeId = registry.node(siteId, "node1.secure.org", "127.0.0.1");
            PlcClient node = signedClient(testing, PlnodeFile.parse((String) operator.call("GetNodeConfigFile", nodeId)),
                    clock);

            // Boot: reinstall, then boot; a certificate only in boot.
            assertThat(((Map<?, ?>) node.call("BootGetNodeDetails")).get("boot_state")).isEqualTo("reinstall");
            KeyPair nodeKeys = KeyAlgorithm.EC_P256.generate(random);
            assertRefused(() -> node.call("BootIssueCertificate", Pem.write(nodeKeys.getPublic())),
                    ErrorCode.INVALID_ARGUMENT, "certificates are issued to nodes in boot");
            node.call("BootUpdateNode", Map.of("boot_state", "boot", "version", "1.0"));
            assertRefused(() -> node.call("BootUpdateNode", Map.of("boot_state", "boot")), ErrorCode.INVALID_ARGUMENT,
                    "only at the end of a reinstall");
            String nodeCertificate = (String) node.call("BootIssueCertificate", Pem.write(nodeKeys.getPublic()));
            assertThat(testing.plc().trust().chainVerifier().verify(nodeCertificate).subject())
                    .isEqualTo(new NodeSubject(nodeId, "node1.secure.org"));
            KeyPair tlsKeys = KeyAlgorithm.EC_P256.generate(random);
            java.security.cert.X509Certificate tls = Pem.readCertificates((String) node.call("BootIssueTlsCertificate",
                    Pem.write(tlsKeys.getPublic()))).getFirst();
            tls.verify(testing.plc().trust().tlsCaCertificate().getPublicKey());
            assertThat(tls.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList())
                    .containsExactlyInAnyOrder("node1.secure.org", "127.0.0.1");

            // The node manager certifies its slice creation service, which opens a session as the node.
            Credential nodeCredential = Credential.certified(nodeKeys.getPrivate(), CertificateXml.parse(nodeCertificate));
            ServiceCertificateIssuer services = new ServiceCertificateIssuer(nodeCredential,
                    new CertificateSigner(clock, random), ServiceCertificateIssuer.DEFAULT_LIFETIME);
            KeyPair scsKeys = KeyAlgorithm.EC_P256.generate(random);
            PlcClient anonymous = operator.as(new Credentials.Anonymous());
            Map<?, ?> sealed = (Map<?, ?>) anonymous.call("AuthenticateCertificate",
                    services.issue("plc.scs", scsKeys.getPublic()).xml());
            assertThat(sealed.get("subject")).asString().contains("plc.scs");
            String scsSession = new SessionKeySealer(random).open((String) sealed.get("session"), scsKeys.getPrivate())
                    .encoded();
            PlcClient scs = operator.as(new Credentials.Session(scsSession));
            assertThat(((Map<?, ?>) scs.call("GetSlivers")).get("node_id")).isEqualTo(nodeId);

            // Another service on the node gets a session without the node's rights.
            KeyPair otherKeys = KeyAlgorithm.EC_P256.generate(random);
            Map<?, ?> other = (Map<?, ?>) anonymous.call("AuthenticateCertificate",
                    services.issue("plc.monitor", otherKeys.getPublic()).xml());
            PlcClient monitor = operator.as(new Credentials.Session(new SessionKeySealer(random)
                    .open((String) other.get("session"), otherKeys.getPrivate()).encoded()));
            assertRefused(() -> monitor.call("GetSlivers"), ErrorCode.PERMISSION_DENIED, "GetSlivers may be called by");

            // A person with a certificate from the slice authority.
            KeyPair personKeys = KeyAlgorithm.EC_P256.generate(random);
            String personCertificate = new CertificateSigner(clock, random).issue(new PersonSubject("user@secure.org"),
                    personKeys.getPublic(), false, Duration.ofDays(1), testing.plc().trust().sliceAuthority()).xml();
            Map<?, ?> personSession = (Map<?, ?>) anonymous.call("AuthenticateCertificate", personCertificate);
            PlcClient asPerson = operator.as(new Credentials.Session(new SessionKeySealer(random)
                    .open((String) personSession.get("session"), personKeys.getPrivate()).encoded()));
            assertThat(asPerson.call("AuthCheck")).isEqualTo(1L);
            asPerson.call("DeleteSession");
            assertRefused(() -> asPerson.call("AuthCheck"), ErrorCode.AUTHENTICATION_FAILED, "unknown or has expired");

            // A certificate PLC's roots do not vouch for is refused.
            Credential stranger = Credential.root(KeyAlgorithm.EC_P256.generate(random));
            String forged = new CertificateSigner(clock, random).issue(new PersonSubject("user@secure.org"),
                    personKeys.getPublic(), false, Duration.ofDays(1), stranger).xml();
            assertRefused(() -> anonymous.call("AuthenticateCertificate", forged), ErrorCode.VERIFICATION_FAILED, "");

            // A ticket for the user's slice, verifiable with the trust roots alone.
            Map<String, Object> slice = new LinkedHashMap<>();
            slice.put("name", "secure_exp");
            slice.put("instantiation", "delegated");
            operator.call("AddSlice", slice);
            operator.call("AddPersonToSlice", "user@secure.org", "secure_exp");
            operator.call("AddSliceToNodes", "secure_exp", List.of(nodeId));
            operator.call("AddSliceTag", "secure_exp", "cpu_share", "3");
            String ticketXml = (String) user.call("GetSliceTicket", "plc.secure.exp");
            VerifiedTicket ticket = new TicketVerifier(testing.plc().trust().chainVerifier()).verify(ticketXml);
            assertThat(ticket.ticket().sliceName()).isEqualTo("plc.secure.exp");
            assertThat(ticket.ticket().principals()).containsExactly(new TicketPrincipal.Person("user@secure.org"));
            assertThat(ticket.ticket().nodes().covers("node1.secure.org")).isTrue();
            assertThat(ticket.ticket().nodes()).isInstanceOf(TicketNodes.Listed.class);
            assertThat(ticket.ticket().resources()).containsEntry("cpu_share", "3").containsEntry("mem_limit", "256");
            String anyNode = (String) user.call("GetSliceTicket", "secure_exp", Map.of("any_node", true,
                    "valid_seconds", 600L));
            assertThat(new TicketVerifier(testing.plc().trust().chainVerifier()).verify(anyNode).ticket().nodes())
                    .isInstanceOf(TicketNodes.AnyNode.class);
            // Once the user has an SSH key at PLC, tickets name it too: only its holder may redeem them.
            String sshKey = org.planetlab.plc.testing.TestKeys.ed25519("user");
            operator.call("AddPersonKey", "user@secure.org", Map.of("key_type", "ssh", "key", sshKey));
            String bound = (String) user.call("GetSliceTicket", "secure_exp");
            assertThat(new TicketVerifier(testing.plc().trust().chainVerifier()).verify(bound).ticket().principals())
                    .containsExactly(new TicketPrincipal.Person("user@secure.org"),
                            TicketPrincipal.Key.of(org.planetlab.trust.ssh.SshKeys.fromLine(sshKey).orElseThrow()));
            PlcClient outsider = operator.as(registry.person("outsider@secure.org", "user", siteId));
            assertRefused(() -> outsider.call("GetSliceTicket", "secure_exp"), ErrorCode.PERMISSION_DENIED,
                    "neither a user of slice secure_exp");
        }
    }

    private static PlcClient signedClient(TestingPlc testing, PlnodeConfig config, Clock clock) {
        NodeRequestSigner signer = NodeRequestSigner.of(config, clock, new SecureRandom());
        RequestSigner headers = (method, target, body) -> Map.of("Authorization", signer.authorization(method, target, body));
        return new PlcClient(testing.uri(), new Credentials.Node(config.nodeId()), PlcClient.Encoding.XML_RPC,
                HttpClient.newHttpClient(), headers, Duration.ofSeconds(30));
    }

    private static void assertRefused(Runnable call, ErrorCode code, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(reason);
        });
    }
}
