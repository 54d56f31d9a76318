package org.planetlab.plc.authority;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.session.SessionApi;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.SessionStore;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.person.Persons;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.slice.Slices;
import org.planetlab.plc.stop.Stops;
import org.planetlab.trust.authority.PlcTrust;
import org.planetlab.trust.cert.AuthoritySubject;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.cert.PersonSubject;
import org.planetlab.trust.cert.ServiceSubject;
import org.planetlab.trust.cert.VerifiedCertificate;
import org.planetlab.trust.session.SessionKey;
import org.planetlab.trust.session.SessionKeySealer;
import org.planetlab.trust.ticket.TicketSigner;

/**
 * The slice authority's signed statements and certificate sessions: tickets for a slice (to
 * those who may manage it), and sessions for the holders of certificates chained to PLC's trust
 * roots (enabled persons, registered nodes and their services). Both are recorded on the
 * {@link MutationPath}; a session key leaves PLC only sealed to the certificate's key.
 */
public final class AuthorityService {
    private final MutationPath mutations;
    private final PlcTrust trust;
    private final SliceNames names;
    private final SessionStore sessions;
    private final SessionKeySealer sealer;
    private final TicketIssuer tickets;

    public AuthorityService(MutationPath mutations, PlcTrust trust, SliceNames names, SessionStore sessions,
            SecureRandom random) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.trust = requireNonNull(trust, "trust is null");
        this.names = requireNonNull(names, "names is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.sealer = new SessionKeySealer(random);
        this.tickets = new TicketIssuer(new TicketSigner(trust.sliceAuthority()), names, random);
    }

    /** Issues a ticket for a slice as a change of its own; see {@link #sliceTicket(Mutation, SliceRef, TicketRequest)}. */
    public IssuedTicket sliceTicket(Caller caller, SliceRef slice, TicketRequest request) {
        return mutations.run(caller, "GetSliceTicket", List.of(slice.key()),
                mutation -> sliceTicket(mutation, slice, request));
    }

    /**
     * Signs a ticket for a live slice: to operators, PIs of its site and its users. The slice
     * must have an enabled user and, unless the ticket is for any node, a node to redeem it on.
     */
    public IssuedTicket sliceTicket(Mutation mutation, SliceRef ref, TicketRequest request) {
        requireNonNull(request, "request is null");
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, ref.key());
        Slices.requireManager(mutation.db(), mutation.caller(), slice, "GetSliceTicket");
        // A stopped slice gets no ticket: a ticket would start on a node what the stop ended.
        Stops.sliceStop(mutation.db(), slice.sliceId()).ifPresent(stop -> {
            throw PlanetLabException.permissionDenied("slice " + slice.name() + " was stopped at " + stop.stoppedAt()
                    + ": " + stop.reason() + "; no ticket is issued for a stopped slice until StartSlice");
        });
        if (slice.stoppedByOperator()) {
            throw PlanetLabException.permissionDenied("slice " + slice.name() + " was stopped by PlanetLab operators;"
                    + " no ticket is issued for it until they start it again");
        }
        Stops.everySliceStopped(mutation.db()).ifPresent(stop -> {
            throw PlanetLabException.permissionDenied("every slice is stopped by operators since " + stop.stoppedAt()
                    + ": " + stop.reason() + "; no ticket is issued until they resume");
        });
        IssuedTicket ticket = tickets.issue(mutation.db(), slice, request, mutation.now());
        mutation.affected(ObjectType.SLICE, slice.sliceId());
        mutation.message("ticket %s issued for slice %s".formatted(ticket.id(), slice.name()));
        return ticket;
    }

    /** Opens a session for a certificate's holder as a change of its own. */
    public CertificateSession authenticateCertificate(Caller caller, String certificateXml) {
        return mutations.run(caller, "AuthenticateCertificate", List.of(certificateXml),
                mutation -> authenticateCertificate(mutation, certificateXml));
    }

    /**
     * Verifies the certificate chain against the trust roots and opens a session for its
     * subject: an enabled person, a registered node (under the host name it is registered with),
     * or a service slice on such a node. Authority certificates open no session.
     */
    public CertificateSession authenticateCertificate(Mutation mutation, String certificateXml) {
        requireNonNull(certificateXml, "certificateXml is null");
        VerifiedCertificate certificate = trust.chainVerifier().verify(certificateXml);
        Optional<Long> personId = Optional.empty();
        Optional<Long> nodeId = Optional.empty();
        Optional<String> service = Optional.empty();
        switch (certificate.subject()) {
            case PersonSubject person -> {
                Persons.PersonRecord record = Persons.find(mutation.db(), person.email())
                        .filter(Persons.PersonRecord::enabled)
                        .orElseThrow(() -> refused("no enabled account for " + person.email()));
                personId = Optional.of(record.personId());
            }
            case NodeSubject node -> nodeId = Optional.of(registeredNode(mutation, node));
            case ServiceSubject serviceSubject -> {
                nodeId = Optional.of(registeredNode(mutation, serviceSubject.node()));
                service = Optional.of(serviceSubject.sliceName());
            }
            case AuthoritySubject authority -> throw refused("authority certificates (" + authority.displayName()
                    + ") do not open sessions");
        }
        long lifetime = SessionApi.DEFAULT_SESSION_SECONDS;
        String key = sessions.open(mutation.db(), personId, nodeId, service, lifetime);
        personId.ifPresent(id -> mutation.affected(ObjectType.PERSON, id));
        nodeId.ifPresent(id -> mutation.affected(ObjectType.NODE, id));
        mutation.message("session opened for " + certificate.subject().identity());
        return new CertificateSession(sealer.seal(SessionKey.parse(key), certificate.publicKey()),
                mutation.now() + lifetime, certificate.subject().identity());
    }

    private static long registeredNode(Mutation mutation, NodeSubject subject) {
        Nodes.NodeRecord node = Nodes.find(mutation.db(), subject.nodeId())
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
