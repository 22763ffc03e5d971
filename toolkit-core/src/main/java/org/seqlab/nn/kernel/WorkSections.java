package org.seqlab.nn.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time of a piece of work split by named sections, for benchmarks that need to say where a step's time goes
 * (a translator's training step: encoder, decoder, output layer, loss, update). The thread that {@link #start started}
 * the record drives it: its {@link #enter} calls end the running section and begin the next one; calls from other
 * threads, and all calls while no record runs, do nothing beyond one volatile read, so the marks can stay in the
 * model's code. Work that the driving thread hands to {@link KernelThreads} partners during a section belongs to that
 * section (the driver waits for it there), and so do their products in a {@link ProductLog}: it files each product
 * under {@link #current}.
 */
public final class WorkSections {
    private static volatile WorkSections active;

    private final Thread owner = Thread.currentThread();
    /** Nanoseconds per section, in the order the sections were first entered; written by the owner only. */
    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private volatile String current;
    private long since;

    private WorkSections() {
    }

    /** Starts a record driven by the calling thread; one at a time. No section runs until the first {@link #enter}. */
    public static synchronized WorkSections start() {
        if (active != null) {
            throw new IllegalStateException("a section record is already running");
        }
        WorkSections s = new WorkSections();
        active = s;
        return s;
    }

    /** Ends the running section, if any, and begins {@code section} (the driving thread only; else nothing). */
    public static void enter(String section) {
        WorkSections s = active;
        if (s != null && Thread.currentThread() == s.owner) {
            s.switchTo(section);
        }
    }

    /** The section running now in the active record, or null (none, or no record). */
    public static String current() {
        WorkSections s = active;
        return s == null ? null : s.current;
    }

    private void switchTo(String section) {
        long now = System.nanoTime();
        if (current != null) {
            nanos.merge(current, now - since, Long::sum);
        }
        current = section;
        since = now;
    }

    /** Ends the running section and the record (from the thread that started it); its times stay readable. */
    public void stop() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a section record is stopped by the thread that started it");
        }
        synchronized (WorkSections.class) {
            switchTo(null);
            if (active == this) {
                active = null;
            }
        }
    }

    /** Seconds spent in each section, in the order they were first entered. */
    public Map<String, Double> seconds() {
        if (active == this) {
            throw new IllegalStateException("stop the section record before reading it");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, v / 1e9));
        return out;
    }
}
