package org.planetlab.plc.authority;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.slice.SliceRef;

/**
 * GetSliceTicket and AuthenticateCertificate: wire values in, an {@link AuthorityService} call,
 * wire values out.
 */
public final class AuthorityMethods {
    private final AuthorityService authority;

    public AuthorityMethods(AuthorityService authority) {
        this.authority = requireNonNull(authority, "authority is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("GetSliceTicket", call -> authority.sliceTicket(call.mutation(), slice(call.arg(0)),
                        request(call.arg(1) == null ? Map.of() : call.structArg(1))).xml())
                .bind("AuthenticateCertificate", call -> {
                    CertificateSession session = authority.authenticateCertificate(call.mutation(), call.stringArg(0));
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("session", session.sealedKey());
                    answer.put("expires", session.expires());
                    answer.put("subject", session.subject());
                    return answer;
                });
    }

    private static SliceRef slice(Object wire) {
        return wire instanceof Long id ? SliceRef.of(id) : SliceRef.of((String) wire);
    }

    @SuppressWarnings("unchecked")
    private static TicketRequest request(Map<String, Object> options) {
        return new TicketRequest(Optional.ofNullable((List<String>) options.get("nodes")),
                Boolean.TRUE.equals(options.get("any_node")), options.get("valid_seconds") instanceof Long seconds
                        ? OptionalLong.of(seconds) : OptionalLong.empty());
    }
}
