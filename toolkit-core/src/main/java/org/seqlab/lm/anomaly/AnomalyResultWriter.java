package org.seqlab.lm.anomaly;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes per-sequence anomaly results as TSV or JSON. Numbers are written in Java's shortest round-trip decimal form,
 * so a reader gets back the exact doubles.
 *
 * <p>TSV: a header {@code line score max flagged [surprisals]}, then one row per sequence; {@code flagged} is
 * {@code true}/{@code false}; surprisals, when written, are space-separated in one column.
 *
 * <p>JSON: an array of objects {@code {"line":…, "score":…, "max":…, "flagged":…, "surprisals":[…]}}, one per line;
 * {@code surprisals} is present only when written and the result has them. An infinite surprisal (a token of
 * probability 0) is written as the string {@code "Infinity"}, JSON having no such number; TSV writes
 * {@code Infinity}.
 */
public final class AnomalyResultWriter {

    private AnomalyResultWriter() {
    }

    public static void writeTsv(Iterable<AnomalyResult> results, boolean withSurprisals, Writer out)
            throws IOException {
        out.write(withSurprisals ? "line\tscore\tmax\tflagged\tsurprisals\n" : "line\tscore\tmax\tflagged\n");
        StringBuilder row = new StringBuilder();
        for (AnomalyResult r : results) {
            row.setLength(0);
            row.append(r.line()).append('\t').append(r.score()).append('\t').append(r.max()).append('\t')
                    .append(r.flagged());
            if (withSurprisals) {
                row.append('\t');
                double[] s = r.surprisals();
                if (s != null) {
                    for (int i = 0; i < s.length; i++) {
                        if (i > 0) {
                            row.append(' ');
                        }
                        row.append(s[i]);
                    }
                }
            }
            row.append('\n');
            out.write(row.toString());
        }
        out.flush();
    }

    public static void writeJson(Iterable<AnomalyResult> results, boolean withSurprisals, Writer out)
            throws IOException {
        JsonFactory factory = new JsonFactory();
        factory.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        out.write('[');
        boolean first = true;
        for (AnomalyResult r : results) {
            out.write(first ? "\n" : ",\n");
            first = false;
            try (JsonGenerator json = factory.createGenerator(out)) {
                json.writeStartObject();
                json.writeNumberField("line", r.line());
                json.writeNumberField("score", r.score());
                json.writeNumberField("max", r.max());
                json.writeBooleanField("flagged", r.flagged());
                if (withSurprisals && r.surprisals() != null) {
                    json.writeArrayFieldStart("surprisals");
                    for (double s : r.surprisals()) {
                        json.writeNumber(s);
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
        }
        out.write("\n]\n");
        out.flush();
    }
}
