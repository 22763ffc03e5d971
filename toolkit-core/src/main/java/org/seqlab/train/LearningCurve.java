package org.seqlab.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.seqlab.bundle.AtomicFiles;

/**
 * Writes the learning curve: a CSV table ({@code epoch,train_loss,dev_metric,lr,seconds}) and a PNG plot (training
 * loss on the left axis, the dev metric on the right one, epochs along the bottom), both atomically so a reader
 * watching them during training never sees half a file. The plot uses Java2D off-screen (headless).
 */
public final class LearningCurve {
    private static final Color LOSS_COLOR = new Color(31, 119, 180);
    private static final Color METRIC_COLOR = new Color(255, 127, 14);

    private LearningCurve() {
    }

    public static void writeCsv(Path path, List<EpochRecord> history) throws IOException {
        StringBuilder sb = new StringBuilder("epoch,train_loss,dev_metric,lr,seconds\n");
        for (EpochRecord r : history) {
            sb.append(r.epoch()).append(',').append(r.trainLoss()).append(',').append(r.devMetric()).append(',')
                    .append(r.learningRate()).append(',').append(String.format(Locale.ROOT, "%.3f", r.seconds())).append('\n');
        }
        AtomicFiles.writeBytes(path, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Plots the history into a {@code width}×{@code height} PNG (at least 200×150). */
    public static void writePng(Path path, List<EpochRecord> history, String metricName, int width, int height)
            throws IOException {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("plot size must be at least 200x150: " + width + "x" + height);
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, history, metricName, width, height);
        } finally {
            g.dispose();
        }
        AtomicFiles.write(path, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private static void draw(Graphics2D g, List<EpochRecord> history, String metricName, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, height / 40)));
        FontMetrics fm = g.getFontMetrics();
        int left = fm.stringWidth("0.000e+00") + 22;
        int right = width - left;
        int top = fm.getHeight() * 2 + 8;
        int bottom = height - fm.getHeight() * 2 - 12;

        double[] epochs = new double[history.size()];
        double[] loss = new double[history.size()];
        double[] metric = new double[history.size()];
        for (int i = 0; i < history.size(); i++) {
            epochs[i] = history.get(i).epoch();
            loss[i] = history.get(i).trainLoss();
            metric[i] = history.get(i).devMetric();
        }
        double xMin = history.isEmpty() ? 0 : epochs[0];
        double xMax = history.isEmpty() ? 1 : Math.max(epochs[epochs.length - 1], xMin + 1);
        double[] lossRange = range(loss);
        double[] metricRange = range(metric);

        // frame, title, axis labels
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, right - left, bottom - top);
        String title = "Learning curve";
        g.drawString(title, (width - fm.stringWidth(title)) / 2, fm.getAscent() + 4);
        String xLabel = "epoch";
        g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, height - 6);
        g.setColor(LOSS_COLOR);
        g.drawString("train loss", left - fm.stringWidth("train loss") / 2, top - 6);
        g.setColor(METRIC_COLOR);
        String mLabel = metricName == null || metricName.isEmpty() ? "dev metric" : metricName;
        g.drawString(mLabel, Math.min(width - fm.stringWidth(mLabel) - 2, right - fm.stringWidth(mLabel) / 2), top - 6);

        // ticks: x at integer epochs (at most ~10 labels), y five per axis
        g.setColor(Color.BLACK);
        int xStep = (int) Math.max(1, Math.ceil((xMax - xMin) / 10));
        for (double e = xMin; e <= xMax + 1e-9; e += xStep) {
            int x = scale(e, xMin, xMax, left, right);
            g.drawLine(x, bottom, x, bottom + 4);
            String s = String.valueOf((long) e);
            g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 4 + fm.getAscent());
        }
        for (int k = 0; k <= 4; k++) {
            int y = top + (bottom - top) * k / 4;
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left + 1, y, right - 1, y);
            g.setColor(LOSS_COLOR);
            String s = label(lossRange[1] - (lossRange[1] - lossRange[0]) * k / 4);
            g.drawLine(left - 4, y, left, y);
            g.drawString(s, left - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
            if (!Double.isNaN(metricRange[0])) {
                g.setColor(METRIC_COLOR);
                s = label(metricRange[1] - (metricRange[1] - metricRange[0]) * k / 4);
                g.drawLine(right, y, right + 4, y);
                g.drawString(s, right + 6, y + fm.getAscent() / 2 - 1);
            }
        }

        g.setStroke(new BasicStroke(2f));
        plot(g, epochs, loss, xMin, xMax, lossRange, left, right, top, bottom, LOSS_COLOR);
        plot(g, epochs, metric, xMin, xMax, metricRange, left, right, top, bottom, METRIC_COLOR);
    }

    private static void plot(Graphics2D g, double[] xs, double[] ys, double xMin, double xMax, double[] yRange, int left,
            int right, int top, int bottom, Color color) {
        if (Double.isNaN(yRange[0])) {
            return;
        }
        g.setColor(color);
        Path2D.Double line = new Path2D.Double();
        boolean open = false;
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(ys[i])) {
                open = false;
                continue;
            }
            double x = scale(xs[i], xMin, xMax, left, right);
            double y = scale(ys[i], yRange[1], yRange[0], top, bottom);
            if (open) {
                line.lineTo(x, y);
            } else {
                line.moveTo(x, y);
                open = true;
            }
            g.fillOval((int) x - 3, (int) y - 3, 7, 7);
        }
        g.draw(line);
    }

    /** Finite min and max, padded 5%, or NaNs when nothing is finite. */
    private static double[] range(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (Double.isFinite(d)) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        if (lo > hi) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double pad = hi > lo ? (hi - lo) * 0.05 : Math.max(Math.abs(hi) * 0.05, 1e-3);
        return new double[] {lo - pad, hi + pad};
    }

    private static int scale(double v, double from, double to, int a, int b) {
        return (int) Math.round(a + (v - from) / (to - from) * (b - a));
    }

    private static String label(double v) {
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.2e", v)
                : String.format(Locale.ROOT, "%.4g", v);
    }
}
