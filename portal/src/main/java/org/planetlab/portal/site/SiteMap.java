package org.planetlab.portal.site;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.planetlab.plc.Plc;
import org.planetlab.plc.site.SiteLocation;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * The sites on a map drawn on the server from their latitude and longitude: the land's outlines
 * ({@link Coastlines}) on an equirectangular grid (every 30 degrees) with a dot per site, and the
 * same sites listed as a table. Nothing is fetched from elsewhere, so the page works offline and
 * under the portal's content policy.
 */
public final class SiteMap {
    /** Drawing units per degree. */
    static final int SCALE = 2;

    private final Plc plc;

    public SiteMap(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
    }

    public void register(Routes routes) {
        routes.get("/sites/map", Routes.Access.SIGNED_IN, this::page);
    }

    /** A site placed on the map: its position in drawing units. */
    public record Placed(long siteId, String loginBase, String name, double latitude, double longitude, int x, int y) {}

    /** A grid line: from (x1, y1) to (x2, y2), with its label. */
    public record Line(int x1, int y1, int x2, int y2, String label) {}

    private Reply page(WebRequest request) {
        ApiRules.require(request.caller(), "GetSites");
        List<Placed> placed = new ArrayList<>();
        List<String> unplaced = new ArrayList<>();
        // GetSites is everyone's (anonymous callers' too), so every site's position is shown.
        for (SiteLocation site : plc.database().read(handle -> plc.sites().locations(handle))) {
            if (site.isPlaced()) {
                double latitude = site.latitude().getAsDouble();
                double longitude = site.longitude().getAsDouble();
                placed.add(new Placed(site.siteId(), site.loginBase(), site.name(), latitude, longitude,
                        (int) Math.round((longitude + 180) * SCALE), (int) Math.round((90 - latitude) * SCALE)));
            } else {
                unplaced.add(site.name());
            }
        }
        unplaced.sort(null);
        List<Line> grid = new ArrayList<>();
        for (int longitude = -150; longitude <= 150; longitude += 30) {
            int x = (longitude + 180) * SCALE;
            grid.add(new Line(x, 0, x, 180 * SCALE, Math.abs(longitude) + (longitude < 0 ? "W" : longitude > 0 ? "E" : "")));
        }
        for (int latitude = -60; latitude <= 60; latitude += 30) {
            int y = (90 - latitude) * SCALE;
            grid.add(new Line(0, y, 360 * SCALE, y, Math.abs(latitude) + (latitude < 0 ? "S" : latitude > 0 ? "N" : "")));
        }
        return Reply.page("site-map.jte", Map.of("frame", request.frame("Sites on the map"), "placed", placed,
                "unplaced", unplaced, "grid", grid, "land", Coastlines.PATH, "width", 360 * SCALE, "height", 180 * SCALE));
    }
}
