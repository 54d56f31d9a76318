package org.planetlab.api.client;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/** How a client authenticates its calls: it becomes the {@code auth} struct of each call. */
public sealed interface Credentials {
    /** The auth struct, as PLCAPI defines it. */
    Map<String, Object> authStruct();

    /** An e-mail address and password. */
    record Password(String email, String password) implements Credentials {
        public Password {
            requireNonNull(email, "email is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public Map<String, Object> authStruct() {
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("AuthMethod", "password");
            auth.put("Username", email);
            auth.put("AuthString", password);
            return auth;
        }

        @Override
        public String toString() {
            return "Password[" + email + "]";
        }
    }

    /** A session key from GetSession. */
    record Session(String key) implements Credentials {
        public Session {
            requireNonNull(key, "key is null");
        }

        @Override
        public Map<String, Object> authStruct() {
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("AuthMethod", "session");
            auth.put("session", key);
            return auth;
        }

        @Override
        public String toString() {
            return "Session[...]";
        }
    }

    /** No credentials. */
    record Anonymous() implements Credentials {
        @Override
        public Map<String, Object> authStruct() {
            return Map.of("AuthMethod", "anonymous");
        }
    }

    /** A node whose requests are signed with its node key; the signature travels in headers. */
    record Node(long nodeId) implements Credentials {
        @Override
        public Map<String, Object> authStruct() {
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("AuthMethod", "hmac");
            auth.put("node_id", nodeId);
            return auth;
        }
    }
}
