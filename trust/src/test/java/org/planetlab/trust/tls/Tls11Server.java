package org.planetlab.trust.tls;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.planetlab.trust.key.Pem;

/**
 * A TLS 1.1-only server run in its own JVM: the JDK disables TLS 1.1 by default, so this process
 * (and only this process) clears {@code jdk.tls.disabledAlgorithms} before any TLS class loads.
 * It first connects to itself with TLS 1.1 to prove it really serves that version, then prints
 * {@code ready <port> <protocol>} and answers connections until killed.
 *
 * <p>Arguments: private key PEM file, certificate chain PEM file.
 */
public final class Tls11Server {
    private Tls11Server() {
    }

    public static void main(String[] arguments) throws Exception {
        Security.setProperty("jdk.tls.disabledAlgorithms", "");
        var key = Pem.readPrivateKey(Files.readString(Path.of(arguments[0])));
        var chain = Pem.readCertificates(Files.readString(Path.of(arguments[1])));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, new char[0], chain.toArray(X509Certificate[]::new));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLSv1.1");
        context.init(keys.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress());
        server.setEnabledProtocols(new String[] {"TLSv1.1"});
        Thread acceptor = Thread.ofPlatform().name("tls11-acceptor").daemon(true).start(() -> serve(server));
        String protocol = selfCheck(chain.getLast(), server.getLocalPort());
        System.out.println("ready " + server.getLocalPort() + " " + protocol);
        System.out.flush();
        acceptor.join();
    }

    private static String selfCheck(X509Certificate ca, int port) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLSv1.1");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private static void serve(SSLServerSocket server) {
        while (true) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.startHandshake();
                InputStream in = socket.getInputStream();
                in.read(new byte[4096]);
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
                // A refused handshake is the expected outcome for a modern client; keep serving.
            }
        }
    }
}
