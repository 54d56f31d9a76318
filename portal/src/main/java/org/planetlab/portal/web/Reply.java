package org.planetlab.portal.web;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** What a page handler answers: a rendered page, a redirect after a change, or a fixed asset. */
public sealed interface Reply {
    /** A page rendered from template {@code template} (e.g. {@code slices.jte}) with its parameters. */
    record Page(int status, String template, Map<String, Object> parameters) implements Reply {
        public Page {
            requireNonNull(template, "template is null");
            parameters = Map.copyOf(parameters);
        }
    }

    /** 303 See Other to a path of the portal, so a reload does not submit the form again. */
    record Redirect(String location) implements Reply {
        public Redirect {
            requireOwnPath(location);
        }
    }

    /** A successful login: the new session's cookie is set, then the browser goes to {@code location}. */
    record SignedIn(String location, org.planetlab.plc.session.OpenedSession session) implements Reply {
        public SignedIn {
            requireOwnPath(location);
            requireNonNull(session, "session is null");
        }
    }

    /** A logout (or an ended session): the session cookie is cleared, then the browser goes on. */
    record SignedOut(String location) implements Reply {
        public SignedOut {
            requireOwnPath(location);
        }
    }

    /** A file to save ({@code Content-Disposition: attachment}), e.g. a node's {@code plnode.txt}. */
    record Download(String fileName, String contentType, byte[] body) implements Reply {
        public Download {
            requireNonNull(fileName, "fileName is null");
            requireNonNull(contentType, "contentType is null");
            if (!fileName.matches("[A-Za-z0-9._-]{1,100}")) {
                throw new IllegalArgumentException("a download's name is letters, digits, dots, dashes: " + fileName);
            }
            body = body.clone();
        }
    }

    /** Redirects stay on the portal: a path of its own, never another host ({@code //host}). */
    private static void requireOwnPath(String location) {
        requireNonNull(location, "location is null");
        if (!location.startsWith("/") || location.startsWith("//") || location.startsWith("/\\")) {
            throw new IllegalArgumentException("the portal redirects only to its own paths: " + location);
        }
    }

    public static Reply page(String template, Map<String, Object> parameters) {
        return new Page(200, template, parameters);
    }

    public static Reply page(int status, String template, Map<String, Object> parameters) {
        return new Page(status, template, parameters);
    }

    public static Reply redirect(String location) {
        return new Redirect(location);
    }
}
