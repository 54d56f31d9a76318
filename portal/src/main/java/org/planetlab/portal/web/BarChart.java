package org.planetlab.portal.web;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A horizontal bar chart drawn on the server as SVG (no script): one bar per label, its length
 * proportional to its value, with the value written beside it and repeated in a table for those
 * who do not see the chart.
 */
public record BarChart(String title, String unit, List<Bar> bars) {
    /** Width of the drawing in SVG units; bars get {@link #BAR_SPACE} of it. */
    public static final int WIDTH = 640;
    public static final int BAR_SPACE = 360;
    public static final int ROW = 24;

    public BarChart {
        requireNonNull(title, "title is null");
        requireNonNull(unit, "unit is null");
        bars = List.copyOf(bars);
    }

    /** One bar: {@code length} in SVG units, from 0 to {@link #BAR_SPACE}. */
    public record Bar(String label, String value, int length, int y) {}

    /** The bars of {@code values}, scaled so the largest fills the space. */
    public static BarChart of(String title, String unit, List<String> labels, List<Double> values,
            java.util.function.DoubleFunction<String> format) {
        double largest = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<Bar> bars = new java.util.ArrayList<>();
        for (int index = 0; index < labels.size(); index++) {
            double value = values.get(index);
            int length = largest <= 0 ? 0 : (int) Math.round(value / largest * BAR_SPACE);
            bars.add(new Bar(labels.get(index), format.apply(value), Math.max(length, value > 0 ? 1 : 0),
                    index * ROW));
        }
        return new BarChart(title, unit, bars);
    }

    public int height() {
        return Math.max(ROW, bars.size() * ROW);
    }
}
