package org.planetlab.portal.web;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A series over time drawn on the server as SVG columns (no script): one column per interval,
 * its height proportional to its value, the largest value and the first and last intervals'
 * labels written on the axes, and every interval repeated in a table for those who do not see
 * the chart.
 */
public record ColumnChart(String title, String unit, String largest, List<Column> columns, String firstLabel,
        String lastLabel) {
    /** The drawing's size in SVG units; columns share {@link #PLOT_WIDTH} and rise up to {@link #PLOT_HEIGHT}. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 180;
    public static final int LEFT = 80;
    public static final int PLOT_WIDTH = WIDTH - LEFT - 10;
    public static final int PLOT_HEIGHT = 140;
    public static final int BASE = 150;

    public ColumnChart {
        requireNonNull(title, "title is null");
        requireNonNull(unit, "unit is null");
        requireNonNull(largest, "largest is null");
        requireNonNull(firstLabel, "firstLabel is null");
        requireNonNull(lastLabel, "lastLabel is null");
        columns = List.copyOf(columns);
    }

    /** One interval's column: where it stands ({@code x}, {@code width}) and how high it rises. */
    public record Column(String label, String value, int x, int width, int height) {
        public int top() {
            return BASE - height;
        }
    }

    /** The columns of {@code values}, scaled so the largest reaches the top. */
    public static ColumnChart of(String title, String unit, List<String> labels, List<Double> values,
            DoubleFunction<String> format) {
        double largest = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        int slot = labels.isEmpty() ? PLOT_WIDTH : PLOT_WIDTH / labels.size();
        List<Column> columns = new ArrayList<>();
        for (int index = 0; index < labels.size(); index++) {
            double value = values.get(index);
            int height = largest <= 0 ? 0 : (int) Math.round(value / largest * PLOT_HEIGHT);
            columns.add(new Column(labels.get(index), format.apply(value), LEFT + index * slot,
                    Math.max(1, slot - Math.max(1, slot / 5)), Math.max(height, value > 0 ? 1 : 0)));
        }
        return new ColumnChart(title, unit, format.apply(largest), columns,
                labels.isEmpty() ? "" : labels.getFirst(), labels.isEmpty() ? "" : labels.getLast());
    }
}
