package org.planetlab.portal.web;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What every page's layout shows: its title, who is signed in (if anyone), the form token of
 * this visitor, and a notice about what the last action did.
 */
public record Frame(String title, Optional<Viewer> viewer, String csrf, Optional<String> notice, String path) {
    public Frame {
        requireNonNull(title, "title is null");
        requireNonNull(viewer, "viewer is null");
        requireNonNull(csrf, "csrf is null");
        requireNonNull(notice, "notice is null");
        requireNonNull(path, "path is null");
    }

    /** {@code page} if it is the current page, for {@code aria-current}. */
    public String current(String page) {
        return path.equals(page) || (!page.equals("/") && path.startsWith(page + "/")) ? "page" : null;
    }
}
