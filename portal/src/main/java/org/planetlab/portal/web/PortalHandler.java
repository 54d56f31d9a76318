package org.planetlab.portal.web;

import static java.util.Objects.requireNonNull;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.PersonDetails;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.portal.PortalSettings;
import org.planetlab.portal.account.AccountPages;
import org.planetlab.portal.account.KeyPages;
import org.planetlab.portal.complaint.ComplaintPages;
import org.planetlab.portal.console.AgreementPages;
import org.planetlab.portal.console.ConsolePages;
import org.planetlab.portal.console.EventPages;
import org.planetlab.portal.console.SiteCreation;
import org.planetlab.portal.console.StopPages;
import org.planetlab.portal.node.NodeBrowser;
import org.planetlab.portal.node.SiteNodePages;
import org.planetlab.portal.security.Csrf;
import org.planetlab.portal.security.SignIn;
import org.planetlab.portal.site.SiteMap;
import org.planetlab.portal.site.SitePages;
import org.planetlab.portal.slice.SlicePages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request under {@code /} that PLC's API does not take: finds the visitor's
 * session, refuses a state-changing form without its token, runs the page, renders it, and puts
 * the security headers on every answer.
 */
public final class PortalHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(PortalHandler.class);

    /** The API session key; {@code __Host-}: Secure, path {@code /}, no Domain, so no other host may set it. */
    public static final String SESSION_COOKIE = "__Host-plc-session";
    /** The visitor's random value the form tokens are made from. */
    public static final String FORM_COOKIE = "__Host-plc-form";
    private static final int MAX_FORM_FIELDS = 200;
    private static final int MAX_FORM_BYTES = 64 * 1024;
    /** Scripts, styles and images only from the portal itself; no inline script or style anywhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Plc plc;
    private final SignIn signIn;
    private final Csrf csrf;
    private final Routes routes;
    private final Assets assets = new Assets();
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    private PortalHandler(Plc plc, SignIn signIn, Csrf csrf, Routes routes) {
        this.plc = requireNonNull(plc, "plc is null");
        this.signIn = requireNonNull(signIn, "signIn is null");
        this.csrf = requireNonNull(csrf, "csrf is null");
        this.routes = requireNonNull(routes, "routes is null");
    }

    /** @param publicUrl where people reach the portal, for links in mails */
    public static PortalHandler create(Plc plc, PortalSettings settings, Supplier<URI> publicUrl, Clock clock,
            SecureRandom random) {
        SignIn signIn = new SignIn(plc, settings);
        Routes routes = new Routes();
        new AccountPages(plc, signIn, publicUrl).register(routes);
        new KeyPages(plc).register(routes);
        new SlicePages(plc, clock).register(routes);
        new NodeBrowser(plc).register(routes);
        new SitePages(plc).register(routes);
        new SiteMap(plc).register(routes);
        new SiteNodePages(plc).register(routes);
        new ConsolePages(plc).register(routes);
        new EventPages(plc).register(routes);
        new SiteCreation(plc, publicUrl).register(routes);
        new StopPages(plc).register(routes);
        new AgreementPages(plc).register(routes);
        new ComplaintPages(plc).register(routes);
        return new PortalHandler(plc, signIn, new Csrf(random), routes);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        securityHeaders(response);
        try {
            serve(request, response, callback);
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("portal page {} failed (reference {})", request.getHttpURI().getPath(), reference, e);
            write(response, callback, 500, "text/plain; charset=utf-8",
                    ("Something went wrong on our side (reference " + reference + "); nothing was changed."
                            + " Try again, or tell PlanetLab support the reference.").getBytes(StandardCharsets.UTF_8));
        }
        return true;
    }

    private void serve(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        Optional<Assets.Asset> asset = assets.find(path);
        if (asset.isPresent() && (method.equals("GET") || method.equals("HEAD"))) {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=3600");
            write(response, callback, 200, asset.get().contentType(), asset.get().bytes());
            return;
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        for (HttpCookie cookie : Request.getCookies(request)) {
            cookies.putIfAbsent(cookie.getName(), cookie.getValue());
        }
        Optional<String> sessionKey = Optional.ofNullable(cookies.get(SESSION_COOKIE)).filter(key -> !key.isEmpty());
        Optional<Caller> caller = sessionKey.flatMap(signIn::caller);
        if (sessionKey.isPresent() && caller.isEmpty()) {
            // Expired, ended elsewhere, or made up: forget it, and treat the visitor as signed out.
            clearSession(response);
            sessionKey = Optional.empty();
        }
        String formValue = cookies.get(FORM_COOKIE);
        if (formValue == null || formValue.isEmpty()) {
            formValue = csrf.newCookieValue();
            setFormCookie(response, formValue);
        }
        Fields fields;
        try {
            fields = method.equals("POST") ? form(request) : Request.extractQueryParameters(request);
        } catch (RuntimeException e) {
            refuse(response, callback, 400, "The request's fields could not be read: they are too large or not"
                    + " UTF-8 form encoding.");
            return;
        }
        if (method.equals("POST") && !sameOrigin(request)) {
            refuse(response, callback, 403, "This form was sent from another site and is refused.");
            return;
        }
        if (method.equals("POST") && !csrf.accepts(fields.getValue(Csrf.FIELD), cookies.get(FORM_COOKIE), sessionKey)) {
            refuse(response, callback, 403, "This form has expired or did not come from this portal, so nothing was"
                    + " done. Go back, reload the page and send it again.");
            return;
        }
        Optional<Viewer> viewer = caller.map(this::viewer);
        WebRequest web = new WebRequest(method, path, List.of(), first(fields), all(fields), viewer,
                csrf.token(formValue, sessionKey), Request.getRemoteAddr(request));
        Optional<Routes.Match> match = routes.find(method.equals("HEAD") ? "GET" : method, path);
        if (match.isEmpty()) {
            int status = routes.knowsPath(path) ? 405 : 404;
            send(response, callback, web, errorPage(web, status, status == 405 ? "This page does not take that request."
                    : "There is no such page."));
            return;
        }
        if (match.get().route().access() == Routes.Access.SIGNED_IN && viewer.isEmpty()) {
            send(response, callback, web, Reply.redirect("/login"));
            return;
        }
        Reply reply;
        try {
            reply = match.get().route().handler().apply(web.withPathValues(match.get().values()));
        } catch (PlanetLabException e) {
            reply = failure(web, e);
        }
        send(response, callback, web, reply);
    }

    /** A refusal a page did not turn into a form error: not found, not allowed, or a plain error. */
    private Reply failure(WebRequest web, PlanetLabException e) {
        return switch (e.code().category()) {
            case NOT_FOUND -> errorPage(web, 404, "There is no such page, or it is not yours to see.");
            case PERMISSION -> errorPage(web, 403, "You may not do this. " + e.getMessage());
            case AUTHENTICATION -> Reply.redirect("/login");
            case INTERNAL -> {
                if (e.code() != ErrorCode.UNAVAILABLE) {
                    LOG.error("portal page {} failed", web.path(), e);
                }
                yield errorPage(web, 503, e.getMessage());
            }
            default -> errorPage(web, 400, e.getMessage());
        };
    }

    private static Reply errorPage(WebRequest web, int status, String message) {
        return Reply.page(status, "error.jte", Map.of("frame", web.frame(status == 404 ? "Not found" : "Refused"),
                "status", status, "message", message));
    }

    private void refuse(Response response, Callback callback, int status, String message) {
        write(response, callback, status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
    }

    private void send(Response response, Callback callback, WebRequest web, Reply reply) {
        switch (reply) {
            case Reply.Page page -> {
                StringOutput output = new StringOutput();
                templates.render(page.template(), page.parameters(), output);
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                write(response, callback, page.status(), "text/html; charset=utf-8",
                        output.toString().getBytes(StandardCharsets.UTF_8));
            }
            case Reply.Redirect redirect -> redirect(response, callback, redirect.location());
            case Reply.Download download -> {
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                response.getHeaders().put("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"");
                write(response, callback, 200, download.contentType(), download.body());
            }
            case Reply.SignedIn signedIn -> {
                Response.addCookie(response, HttpCookie.build(SESSION_COOKIE, signedIn.session().key())
                        .path("/").secure(true).httpOnly(true).sameSite(HttpCookie.SameSite.LAX)
                        .maxAge(Math.max(60, signedIn.session().expires() - plc.mutations().now())).build());
                setFormCookie(response, csrf.newCookieValue());
                redirect(response, callback, signedIn.location());
            }
            case Reply.SignedOut signedOut -> {
                clearSession(response);
                setFormCookie(response, csrf.newCookieValue());
                redirect(response, callback, signedOut.location());
            }
        }
    }

    private static void redirect(Response response, Callback callback, String location) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        write(response, callback, 303, "text/plain; charset=utf-8", new byte[0]);
    }

    private Viewer viewer(Caller caller) {
        long personId = caller.personId().orElseThrow(() -> new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED,
                "the portal is for persons"));
        PersonDetails person = plc.persons().person(caller, PersonRef.of(personId)).orElseThrow(() ->
                new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "the account was deleted"));
        return new Viewer(personId, person.firstName() + " " + person.lastName(), person.email(), caller);
    }

    private static Fields form(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return new Fields();
        }
        return FormFields.getFields(request, MAX_FORM_FIELDS, MAX_FORM_BYTES);
    }

    /** A browser names the page a form came from; one from another origin is refused outright. */
    private static boolean sameOrigin(Request request) {
        String fetchSite = request.getHeaders().get("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return false;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return true;
        }
        try {
            URI from = URI.create(origin);
            return "https".equals(from.getScheme()) && from.getHost() != null
                    && from.getHost().equalsIgnoreCase(Request.getServerName(request))
                    && (from.getPort() == -1 ? 443 : from.getPort()) == Request.getServerPort(request);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> first(Fields fields) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            values.put(field.getName(), field.getValue());
        }
        return values;
    }

    private static Map<String, List<String>> all(Fields fields) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            values.put(field.getName(), new ArrayList<>(field.getValues()));
        }
        return values;
    }

    private static void setFormCookie(Response response, String value) {
        Response.addCookie(response, HttpCookie.build(FORM_COOKIE, value).path("/").secure(true).httpOnly(true)
                .sameSite(HttpCookie.SameSite.STRICT).build());
    }

    private static void clearSession(Response response) {
        Response.addCookie(response, HttpCookie.build(SESSION_COOKIE, "").path("/").secure(true).httpOnly(true)
                .sameSite(HttpCookie.SameSite.LAX).maxAge(0).build());
    }

    private static void securityHeaders(Response response) {
        var headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        // Same-origin only: links carrying mailed keys never leak them to other sites, and forms keep their Origin.
        headers.put("Referrer-Policy", "same-origin");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Strict-Transport-Security", "max-age=31536000");
    }

    private static void write(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
