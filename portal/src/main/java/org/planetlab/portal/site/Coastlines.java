package org.planetlab.portal.site;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The land outlines under the sites map, read once from the portal's own copy of Natural
 * Earth's 1:110m land (public domain; see the notice at the top of {@code map/land-110m.txt}),
 * so the map needs no network and no tiles. Drawn as one SVG path on the map's equirectangular
 * grid of {@link SiteMap#SCALE} units per degree.
 */
final class Coastlines {
    private static final String RESOURCE = "/org/planetlab/portal/map/land-110m.txt";

    /** The SVG path of every land ring, projected once (the data never changes while PLC runs). */
    static final String PATH = path(SiteMap.SCALE);

    private Coastlines() {}

    static String path(int scale) {
        try (InputStream in = Coastlines.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the portal's land outlines are missing from its jar: " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            StringBuilder path = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                double[][] ring = ring(line);
                double west = Arrays.stream(ring).mapToDouble(point -> point[0]).min().orElse(0);
                double east = Arrays.stream(ring).mapToDouble(point -> point[0]).max().orElse(0);
                // A ring across the antimeridian runs past 180 degrees; its other half is drawn a turn to the west.
                append(path, ring, 0, scale);
                if (east > 180) {
                    append(path, ring, -360, scale);
                }
                if (west < -180) {
                    append(path, ring, 360, scale);
                }
            }
            return path.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the portal's land outlines " + RESOURCE, e);
        }
    }

    /** One line of the file: longitude,latitude pairs separated by spaces. */
    private static double[][] ring(String line) {
        return Arrays.stream(line.strip().split(" ")).map(point -> point.split(","))
                .map(lonLat -> new double[] {Double.parseDouble(lonLat[0]), Double.parseDouble(lonLat[1])})
                .toArray(double[][]::new);
    }

    private static void append(StringBuilder path, double[][] ring, double shift, int scale) {
        for (int i = 0; i < ring.length; i++) {
            double x = (ring[i][0] + shift + 180) * scale;
            double y = (90 - ring[i][1]) * scale;
            path.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
        }
        path.append('Z');
    }
}
