package org.planetlab.node.ssh;

import java.util.Map;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.SessionFactory;

/**
 * Sessions that do not announce OpenSSH's strict key exchange ({@code kex-strict-s-v00}).
 *
 * <p>Strict key exchange is the countermeasure to the Terrapin prefix-truncation attack
 * (CVE-2023-48795), which works against ChaCha20-Poly1305 and encrypt-then-MAC modes whose
 * integrity rests on the implicit sequence number. The gateway offers neither: AES-GCM, its only
 * ciphers, is not affected. Without the marker, the key-exchange list holds only algorithms that
 * the ssh-audit of Debian 12 recognises (it reports the marker as an unknown algorithm, a
 * warning). If a cipher other than AES-GCM is ever offered again, drop this factory first.
 */
final class WithoutStrictKeyExchange extends SessionFactory {
    WithoutStrictKeyExchange(SshServer server) {
        super(server);
    }

    @Override
    protected ServerSessionImpl doCreateSession(IoSession session) throws Exception {
        return new ServerSessionImpl(getServer(), session) {
            @Override
            protected Map<KexProposalOption, String> doStrictKexProposal(Map<KexProposalOption, String> proposal) {
                return proposal;
            }
        };
    }
}
