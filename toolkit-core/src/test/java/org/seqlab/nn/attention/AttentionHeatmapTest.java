package org.seqlab.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;

/** PNG output of attention heatmaps: size, colours, label placement. */
class AttentionHeatmapTest {
    static final List<String> SRC = List.of("Zwei", "junge", "Männer", "überqueren", "die", "Straße", "„Köln“", "<eos>");
    static final List<String> TGT = List.of("Two", "young", "men", "cross", "the", "street", "<eos>");

    static float[][] diagonal() {
        float[][] w = new float[TGT.size()][SRC.size()];
        for (int i = 0; i < TGT.size(); i++) {
            w[i][Math.min(i, SRC.size() - 1)] = 1f;
        }
        return w;
    }

    @Test
    void writesAPngWhoseCellsShowTheWeightsAndWhoseLabelsFit(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("attention.png");
        AttentionHeatmap.write(png, SRC, TGT, diagonal(), "Attention — sentence 1 (Unicode: ÄÖÜ ß „“)");

        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        BufferedImage image = ImageIO.read(png.toFile());
        AttentionHeatmap.Layout layout = AttentionHeatmap.layout(SRC, TGT, "Attention — sentence 1 (Unicode: ÄÖÜ ß „“)");
        assertThat(image.getWidth()).isEqualTo(layout.width());
        assertThat(image.getHeight()).isEqualTo(layout.height());
        // the grid holds one cell per token pair, and everything else is extra room
        assertThat(layout.grid().width).isEqualTo(SRC.size() * layout.cell());
        assertThat(layout.grid().height).isEqualTo(TGT.size() * layout.cell());
        assertThat(image.getWidth()).isGreaterThan(layout.grid().x + layout.grid().width + AttentionHeatmap.BAR_WIDTH);

        int c = layout.cell();
        int one = image.getRGB(layout.grid().x + c / 2, layout.grid().y + c / 2); // weight[0][0] = 1
        int zero = image.getRGB(layout.grid().x + c + c / 2, layout.grid().y + c / 2); // weight[0][1] = 0
        assertThat(one).isNotEqualTo(zero);
        assertThat(zero & 0xFFFFFF).as("weight 0 is white").isEqualTo(0xFFFFFF);
        assertThat(brightness(one)).as("weight 1 is dark").isLessThan(100);

        Rectangle imageBounds = new Rectangle(0, 0, image.getWidth(), image.getHeight());
        assertThat(layout.labelBounds()).hasSize(1 + SRC.size() + TGT.size() + 6);
        for (Rectangle r : layout.labelBounds()) {
            assertThat(imageBounds.contains(r)).as("label " + r + " inside " + imageBounds).isTrue();
            assertThat(r.intersects(layout.grid())).as("label " + r + " off the grid").isFalse();
        }
        // labels were drawn: the target label column holds dark text pixels
        Rectangle firstTarget = layout.labelBounds().get(1 + SRC.size());
        assertThat(countDark(image, firstTarget)).isGreaterThan(10);
        Rectangle longestSource = layout.labelBounds().get(1 + 3);
        assertThat(countDark(image, longestSource)).isGreaterThan(10);
    }

    @Test
    void longTokensAreShortenedAndManyTokensShrinkTheCells() {
        String longToken = "x".repeat(200);
        assertThat(AttentionHeatmap.shorten(longToken)).hasSize(AttentionHeatmap.MAX_LABEL_CHARS).endsWith("…");
        AttentionHeatmap.Layout small = AttentionHeatmap.layout(List.of("a"), List.of("b"), "t");
        List<String> many = java.util.Collections.nCopies(100, "tok");
        AttentionHeatmap.Layout big = AttentionHeatmap.layout(many, many, "t");
        assertThat(big.cell()).isLessThan(small.cell());
        assertThat(big.cell()).isGreaterThanOrEqualTo(16);
    }

    @Test
    void refusesMismatchedWeightsAndUnwritablePaths(@TempDir Path dir) {
        assertThatThrownBy(() -> AttentionHeatmap.write(dir.resolve("a.png"), SRC, TGT, new float[2][SRC.size()], "t"))
                .hasMessageContaining("2 weight rows for 7 target tokens");
        float[][] bad = diagonal();
        bad[1][2] = Float.NaN;
        assertThatThrownBy(() -> AttentionHeatmap.write(dir.resolve("a.png"), SRC, TGT, bad, "t"))
                .hasMessageContaining("weight[1][2] = NaN is not in [0, 1]");
        Path missing = dir.resolve("no-such-dir").resolve("a.png");
        assertThatThrownBy(() -> AttentionHeatmap.write(missing, SRC, TGT, diagonal(), "t"))
                .isInstanceOf(SeqlabException.class).hasMessageStartingWith(missing.toString());
    }

    static int brightness(int rgb) {
        return (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255)) / 3;
    }

    static int countDark(BufferedImage image, Rectangle r) {
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                if (brightness(image.getRGB(x, y)) < 128) {
                    n++;
                }
            }
        }
        return n;
    }
}
