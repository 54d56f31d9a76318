package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * ClickHouse's HTTP interface, with nothing but plain formats: statements go in a POST body,
 * inserts carry their rows as RowBinary after the statement in the URL, answers come back as
 * TabSeparated. This works with every server since 2017 (Debian's 18.16 included), where the Java
 * clients expect much newer servers. Values never enter a statement as text: PLC's statements
 * hold numbers it formatted itself and the database's checked name; strings travel in RowBinary.
 */
final class ClickHouseHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** For statements that rewrite a day of flows (a merge, a bulk load), which take minutes on a busy server. */
    private static final Duration LONG_TIMEOUT = Duration.ofHours(1);

    private final HttpClient client;
    private final URI url;
    private final String authorization;

    ClickHouseHttp(ClickHouseSettings settings) {
        requireNonNull(settings, "settings is null");
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1)
                .build();
        String base = settings.url().toString();
        this.url = URI.create(base.endsWith("/") ? base : base + "/");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((settings.user() + ":" + settings.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Runs a statement that answers nothing (DDL, ALTER, OPTIMIZE). */
    void execute(String statement) {
        send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(statement)), statement, TIMEOUT);
    }

    /** Runs a statement that answers nothing and may take minutes: a merge or a bulk load (an hour at most). */
    void executeLong(String statement) {
        send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(statement)), statement, LONG_TIMEOUT);
    }

    /** Runs a query and answers its rows, each a row of TabSeparated fields, unescaped. */
    List<String[]> query(String query) {
        String answer = send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(query
                + " FORMAT TabSeparated")), query, TIMEOUT);
        List<String[]> rows = new ArrayList<>();
        int start = 0;
        while (start < answer.length()) {
            int end = answer.indexOf('\n', start);
            if (end < 0) {
                end = answer.length();
            }
            String[] fields = answer.substring(start, end).split("\t", -1);
            for (int index = 0; index < fields.length; index++) {
                fields[index] = unescape(fields[index]);
            }
            rows.add(fields);
            start = end + 1;
        }
        return rows;
    }

    /** Inserts rows given in RowBinary: {@code statement} is {@code INSERT INTO table (columns)}. */
    void insert(String statement, byte[] rowBinary) {
        String full = statement + " FORMAT RowBinary";
        URI target = URI.create(url + "?query=" + URLEncoder.encode(full, StandardCharsets.UTF_8));
        send(HttpRequest.newBuilder(target).POST(HttpRequest.BodyPublishers.ofByteArray(rowBinary)), full, TIMEOUT);
    }

    private String send(HttpRequest.Builder request, String statement, Duration timeout) {
        HttpResponse<String> response;
        try {
            response = client.send(request.timeout(timeout).header("Authorization", authorization).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the ClickHouse flow archive at " + url
                    + " does not answer (" + e.getMessage() + "); check audit.clickhouse-url and that the server runs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while waiting for ClickHouse", e);
        }
        if (response.statusCode() != 200) {
            String body = response.body().strip();
            throw new PlanetLabException(ErrorCode.DATABASE_ERROR, "ClickHouse refused "
                    + statement.substring(0, Math.min(statement.length(), 120)) + ": HTTP " + response.statusCode() + ": "
                    + body.substring(0, Math.min(body.length(), 500)));
        }
        return response.body();
    }

    /** TabSeparated's escapes: a backslash before the character, or the usual letters for controls. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder(field.length());
        for (int index = 0; index < field.length(); index++) {
            char c = field.charAt(index);
            if (c != '\\' || index + 1 == field.length()) {
                text.append(c);
                continue;
            }
            char escaped = field.charAt(++index);
            text.append(switch (escaped) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case '0' -> '\0';
                default -> escaped;
            });
        }
        return text.toString();
    }
}
