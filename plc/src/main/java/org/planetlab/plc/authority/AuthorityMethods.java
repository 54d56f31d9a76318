package org.planetlab.plc.authority;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.session.SessionApi;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.auth.SessionStore;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.person.Persons;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.Slices;
import org.planetlab.trust.authority.PlcTrust;
import org.planetlab.trust.cert.AuthoritySubject;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.cert.PersonSubject;
import org.planetlab.trust.cert.ServiceSubject;
import org.planetlab.trust.cert.VerifiedCertificate;
import org.planetlab.trust.session.SessionKey;
import org.planetlab.trust.session.SessionKeySealer;
import org.planetlab.trust.ticket.TicketSigner;

/** GetSliceTicket and AuthenticateCertificate: the slice authority's signatures and sessions. */
public final class AuthorityMethods {
    private final PlcTrust trust;
    private final SliceNames names;
    private final SessionStore sessions;
    private final SessionKeySealer sealer;
    private final TicketIssuer tickets;

    public AuthorityMethods(PlcTrust trust, SliceNames names, SessionStore sessions, SecureRandom random) {
        this.trust = requireNonNull(trust, "trust is null");
        this.names = requireNonNull(names, "names is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.sealer = new SessionKeySealer(random);
        this.tickets = new TicketIssuer(new TicketSigner(trust.sliceAuthority()), names, random);
    }

    public void register(MethodRegistry registry) {
        registry.bind("GetSliceTicket", this::getSliceTicket)
                .bind("AuthenticateCertificate", this::authenticateCertificate);
    }

    private Object getSliceTicket(Call call) {
        Slices.SliceRecord slice = Slices.require(call.db(), names, call.arg(0));
        Slices.requireManager(call.db(), call.caller(), slice, "GetSliceTicket");
        Map<String, Object> options = call.arg(1) == null ? Map.of() : call.structArg(1);
        TicketIssuer.Issued ticket = tickets.issue(call.db(), slice, options, call.now());
        call.affected(ObjectType.SLICE, slice.sliceId());
        call.message("ticket %s issued for slice %s".formatted(ticket.id(), slice.name()));
        return ticket.xml();
    }

    private Object authenticateCertificate(Call call) {
        VerifiedCertificate certificate = trust.chainVerifier().verify(call.stringArg(0));
        Optional<Long> personId = Optional.empty();
        Optional<Long> nodeId = Optional.empty();
        Optional<String> service = Optional.empty();
        switch (certificate.subject()) {
            case PersonSubject person -> {
                Persons.PersonRecord record = Persons.find(call.db(), person.email()).filter(Persons.PersonRecord::enabled)
                        .orElseThrow(() -> refused("no enabled account for " + person.email()));
                personId = Optional.of(record.personId());
            }
            case NodeSubject node -> nodeId = Optional.of(registeredNode(call, node));
            case ServiceSubject serviceSubject -> {
                nodeId = Optional.of(registeredNode(call, serviceSubject.node()));
                service = Optional.of(serviceSubject.sliceName());
            }
            case AuthoritySubject authority -> throw refused("authority certificates (" + authority.displayName()
                    + ") do not open sessions");
        }
        long lifetime = SessionApi.DEFAULT_SESSION_SECONDS;
        String key = sessions.open(call.db(), personId, nodeId, service, lifetime);
        personId.ifPresent(id -> call.affected(ObjectType.PERSON, id));
        nodeId.ifPresent(id -> call.affected(ObjectType.NODE, id));
        call.message("session opened for " + certificate.subject().identity());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("session", sealer.seal(SessionKey.parse(key), certificate.publicKey()));
        answer.put("expires", call.now() + lifetime);
        answer.put("subject", certificate.subject().identity());
        return answer;
    }

    private static long registeredNode(Call call, NodeSubject subject) {
        Nodes.NodeRecord node = Nodes.find(call.db(), subject.nodeId())
                .orElseThrow(() -> refused("node " + subject.nodeId() + " is not registered"));
        if (!node.hostname().toLowerCase(Locale.ROOT).equals(subject.hostname().toLowerCase(Locale.ROOT))) {
            throw refused("the certificate names node %d as %s, but it is registered as %s".formatted(
                    subject.nodeId(), subject.hostname(), node.hostname()));
        }
        return node.nodeId();
    }

    private static PlanetLabException refused(String reason) {
        return new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "AuthenticateCertificate: " + reason);
    }
}
