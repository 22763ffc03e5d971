package org.seqlab.nn.attention;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.seqlab.SeqlabException;

/**
 * Renders an attention matrix {@code weights[target][source]} as a PNG heatmap: source tokens along the top (rotated
 * to read upwards), target tokens down the left, a colour bar with ticks 0.0..1.0 on the right, and a title. Headless
 * Java2D; labels use the logical "SansSerif" font so that the JDK picks a physical font covering the script. Margins are
 * computed from the measured label bounds, so no label leaves the image.
 */
public final class AttentionHeatmap {
    static final int MARGIN = 16;
    static final int GAP = 6;
    static final int BAR_WIDTH = 18;
    static final int MAX_LABEL_CHARS = 32;
    /** White to dark blue, a sequential scale readable in greyscale. */
    private static final float[][] STOPS = {{1f, 1f, 1f}, {0.62f, 0.79f, 0.88f}, {0.13f, 0.44f, 0.71f}, {0.03f, 0.19f, 0.42f}};

    private AttentionHeatmap() {
    }

    /** Where everything goes; {@link #labelBounds} holds every drawn text's bounds in image pixels. */
    public record Layout(int width, int height, int cell, Rectangle grid, Rectangle bar, List<Rectangle> labelBounds) {
    }

    /**
     * Writes the heatmap. {@code weights} has one row per target token and one column per source token, values in
     * [0, 1] (attention weights).
     *
     * @throws SeqlabException naming the file if it cannot be written
     */
    public static void write(Path png, List<String> src, List<String> tgt, float[][] weights, String title) {
        BufferedImage image = render(src, tgt, weights, title);
        // through a stream: ImageIO's own file opening prints a stack trace on a missing folder
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(png))) {
            if (!ImageIO.write(image, "png", out)) {
                throw new SeqlabException(png + ": no PNG writer available");
            }
        } catch (IOException e) {
            throw new SeqlabException(png + ": cannot write the heatmap (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    /** The heatmap as an image (what {@link #write} saves). */
    public static BufferedImage render(List<String> src, List<String> tgt, float[][] weights, String title) {
        check(src, tgt, weights);
        Fonts fonts = Fonts.forCells(Math.max(src.size(), tgt.size()));
        Layout layout = layout(src, tgt, title, fonts);
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            hints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, layout.width(), layout.height());
            draw(g, layout, fonts, src, tgt, weights, title == null ? "" : title);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The layout {@link #render} uses for these labels. */
    public static Layout layout(List<String> src, List<String> tgt, String title) {
        check(src, tgt, null);
        return layout(src, tgt, title, Fonts.forCells(Math.max(src.size(), tgt.size())));
    }

    /** Font sizes shrink a little with the number of tokens, cells with them. */
    private record Fonts(int cell, Font label, Font title, Font tick) {
        static Fonts forCells(int n) {
            int cell = Math.max(16, Math.min(36, 900 / n));
            int size = Math.max(10, Math.min(15, Math.round(cell * 0.5f)));
            return new Fonts(cell, new Font(Font.SANS_SERIF, Font.PLAIN, size), new Font(Font.SANS_SERIF, Font.BOLD, 16),
                    new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
    }

    private static FontRenderContext frc() {
        return new FontRenderContext(null, true, true);
    }

    private static Layout layout(List<String> src, List<String> tgt, String title, Fonts fonts) {
        FontRenderContext frc = frc();
        int cell = fonts.cell();
        double srcHeight = 0; // rotated: a source label's width becomes its height
        for (String s : src) {
            srcHeight = Math.max(srcHeight, fonts.label().getStringBounds(shorten(s), frc).getWidth());
        }
        double tgtWidth = 0;
        for (String t : tgt) {
            tgtWidth = Math.max(tgtWidth, fonts.label().getStringBounds(shorten(t), frc).getWidth());
        }
        Rectangle2D titleBounds = fonts.title().getStringBounds(title == null || title.isEmpty() ? " " : title, frc);
        double tickWidth = fonts.tick().getStringBounds("0.0", frc).getWidth();
        double tickHeight = fonts.tick().getStringBounds("0.0", frc).getHeight();

        int gridX = MARGIN + (int) Math.ceil(tgtWidth) + GAP;
        int gridY = MARGIN + (int) Math.ceil(titleBounds.getHeight()) + GAP + (int) Math.ceil(srcHeight) + GAP;
        Rectangle grid = new Rectangle(gridX, gridY, cell * src.size(), cell * tgt.size());
        int barHeight = Math.max(grid.height, 120);
        Rectangle bar = new Rectangle(grid.x + grid.width + 3 * GAP, gridY, BAR_WIDTH, barHeight);
        int width = bar.x + bar.width + GAP + (int) Math.ceil(tickWidth) + MARGIN;
        width = Math.max(width, MARGIN * 2 + (int) Math.ceil(titleBounds.getWidth()));
        int height = gridY + Math.max(grid.height, barHeight) + (int) Math.ceil(tickHeight / 2) + MARGIN;

        List<Rectangle> labels = new ArrayList<>();
        labels.add(titleRect(width, titleBounds));
        for (int j = 0; j < src.size(); j++) {
            Rectangle2D b = fonts.label().getStringBounds(shorten(src.get(j)), frc);
            // rotated -90°: drawn upwards from just above the grid, centred on the column
            int x = grid.x + j * cell + cell / 2 - (int) Math.ceil(b.getHeight() / 2);
            labels.add(new Rectangle(x, grid.y - GAP - (int) Math.ceil(b.getWidth()), (int) Math.ceil(b.getHeight()),
                    (int) Math.ceil(b.getWidth())));
        }
        for (int i = 0; i < tgt.size(); i++) {
            Rectangle2D b = fonts.label().getStringBounds(shorten(tgt.get(i)), frc);
            int w = (int) Math.ceil(b.getWidth());
            int h = (int) Math.ceil(b.getHeight());
            labels.add(new Rectangle(grid.x - GAP - w, grid.y + i * cell + cell / 2 - h / 2, w, h));
        }
        for (int t = 0; t <= 5; t++) {
            Rectangle2D b = fonts.tick().getStringBounds(tick(t), frc);
            int y = bar.y + bar.height - (int) Math.round(bar.height * t / 5.0);
            labels.add(new Rectangle(bar.x + bar.width + GAP, y - (int) Math.ceil(b.getHeight() / 2),
                    (int) Math.ceil(b.getWidth()), (int) Math.ceil(b.getHeight())));
        }
        return new Layout(width, height, cell, grid, bar, List.copyOf(labels));
    }

    private static Rectangle titleRect(int width, Rectangle2D titleBounds) {
        int w = (int) Math.ceil(titleBounds.getWidth());
        return new Rectangle((width - w) / 2, MARGIN, w, (int) Math.ceil(titleBounds.getHeight()));
    }

    private static String tick(int t) {
        return String.format(Locale.ROOT, "%.1f", t / 5.0);
    }

    /** Very long tokens (URLs, runs of BPE pieces) would swallow the picture: cut them with an ellipsis. */
    static String shorten(String s) {
        if (s.codePointCount(0, s.length()) <= MAX_LABEL_CHARS) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, MAX_LABEL_CHARS - 1)) + "…";
    }

    private static void draw(Graphics2D g, Layout layout, Fonts fonts, List<String> src, List<String> tgt,
            float[][] weights, String title) {
        Rectangle grid = layout.grid();
        int cell = layout.cell();
        for (int i = 0; i < tgt.size(); i++) {
            for (int j = 0; j < src.size(); j++) {
                g.setColor(colour(weights[i][j]));
                g.fillRect(grid.x + j * cell, grid.y + i * cell, cell, cell);
            }
        }
        g.setColor(new Color(0.85f, 0.85f, 0.85f));
        g.setStroke(new BasicStroke(1f));
        for (int j = 0; j <= src.size(); j++) {
            g.drawLine(grid.x + j * cell, grid.y, grid.x + j * cell, grid.y + grid.height);
        }
        for (int i = 0; i <= tgt.size(); i++) {
            g.drawLine(grid.x, grid.y + i * cell, grid.x + grid.width, grid.y + i * cell);
        }

        List<Rectangle> labels = layout.labelBounds();
        g.setColor(Color.BLACK);
        g.setFont(fonts.title());
        drawIn(g, title, labels.get(0));
        g.setFont(fonts.label());
        for (int j = 0; j < src.size(); j++) {
            Rectangle r = labels.get(1 + j);
            AffineTransform saved = g.getTransform();
            // rotate about the label's bottom-left corner so the text reads upwards, ending at the grid
            g.translate(r.x, r.y + r.height);
            g.rotate(-Math.PI / 2);
            int ascent = g.getFontMetrics().getAscent();
            g.drawString(shorten(src.get(j)), 0, ascent);
            g.setTransform(saved);
        }
        for (int i = 0; i < tgt.size(); i++) {
            drawIn(g, shorten(tgt.get(i)), labels.get(1 + src.size() + i));
        }

        Rectangle bar = layout.bar();
        for (int y = 0; y < bar.height; y++) {
            g.setColor(colour(1f - (float) y / (bar.height - 1)));
            g.drawLine(bar.x, bar.y + y, bar.x + bar.width - 1, bar.y + y);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(bar.x, bar.y, bar.width - 1, bar.height - 1);
        g.setFont(fonts.tick());
        for (int t = 0; t <= 5; t++) {
            int y = bar.y + bar.height - (int) Math.round(bar.height * t / 5.0);
            g.drawLine(bar.x + bar.width, y, bar.x + bar.width + 3, y);
            drawIn(g, tick(t), labels.get(1 + src.size() + tgt.size() + t));
        }
    }

    private static void drawIn(Graphics2D g, String text, Rectangle r) {
        g.drawString(text, r.x, r.y + g.getFontMetrics().getAscent());
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    /** Colour of a weight in [0, 1] on the sequential scale. */
    static Color colour(float w) {
        float x = Math.max(0f, Math.min(1f, w)) * (STOPS.length - 1);
        int k = Math.min((int) x, STOPS.length - 2);
        float f = x - k;
        float[] a = STOPS[k];
        float[] b = STOPS[k + 1];
        return new Color(a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2]));
    }

    private static void check(List<String> src, List<String> tgt, float[][] weights) {
        if (src == null || tgt == null || src.isEmpty() || tgt.isEmpty()) {
            throw new IllegalArgumentException("attention heatmap: source and target tokens must not be empty");
        }
        if (weights == null) {
            return;
        }
        if (weights.length != tgt.size()) {
            throw new IllegalArgumentException("attention heatmap: " + weights.length + " weight rows for "
                    + tgt.size() + " target tokens");
        }
        for (int i = 0; i < weights.length; i++) {
            if (weights[i].length != src.size()) {
                throw new IllegalArgumentException("attention heatmap: weight row " + i + " has " + weights[i].length
                        + " columns for " + src.size() + " source tokens");
            }
            for (int j = 0; j < weights[i].length; j++) {
                float w = weights[i][j];
                if (!(w >= 0f && w <= 1.0001f)) {
                    throw new IllegalArgumentException("attention heatmap: weight[" + i + "][" + j + "] = " + w
                            + " is not in [0, 1]");
                }
            }
        }
    }
}
