package org.planetlab.portal.web;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;

/**
 * One request to the portal, parsed: its path and the values of its path pattern, query and form
 * fields, who made it, and what every page needs to render its frame.
 *
 * @param pathValues the values of the route pattern's {@code {id}} segments, in order
 * @param fields query fields for GET, form fields for POST (the first value of each)
 * @param multiFields every value of repeated fields (checkbox lists)
 * @param viewer the signed-in person, if any
 * @param csrf the form token of this visitor, to put into every form
 * @param remoteAddress the client's address, for rate limits
 */
public record WebRequest(String method, String path, List<String> pathValues, Map<String, String> fields,
        Map<String, List<String>> multiFields, Optional<Viewer> viewer, String csrf, String remoteAddress) {
    public WebRequest {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        pathValues = List.copyOf(pathValues);
        fields = Map.copyOf(fields);
        multiFields = Map.copyOf(multiFields);
        requireNonNull(viewer, "viewer is null");
        requireNonNull(csrf, "csrf is null");
        requireNonNull(remoteAddress, "remoteAddress is null");
    }

    WebRequest withPathValues(List<String> values) {
        return new WebRequest(method, path, values, fields, multiFields, viewer, csrf, remoteAddress);
    }

    /** A field's value, stripped of surrounding blanks; empty when absent or blank. */
    public String field(String name) {
        return fields.getOrDefault(name, "").strip();
    }

    public List<String> fieldValues(String name) {
        return multiFields.getOrDefault(name, List.of());
    }

    /** The {@code index}th id of the path; a malformed one is "not found", as a missing object is. */
    public long pathId(int index) {
        try {
            return Long.parseLong(pathValues.get(index));
        } catch (NumberFormatException e) {
            throw PlanetLabException.notFound("no such object: " + pathValues.get(index));
        }
    }

    public OptionalLong longField(String name) {
        try {
            return field(name).isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(field(name)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The signed-in person's caller; pages that need one are only routed to signed-in visitors. */
    public Caller caller() {
        return viewer.orElseThrow(() -> new IllegalStateException("no one is signed in")).caller();
    }

    public Viewer requireViewer() {
        return viewer.orElseThrow(() -> new IllegalStateException("no one is signed in"));
    }

    /** The frame of a page with this title, with the notice the previous action left, if any. */
    public Frame frame(String title) {
        return new Frame(title, viewer, csrf, Notices.lookup(fields.get("done")), path);
    }
}
