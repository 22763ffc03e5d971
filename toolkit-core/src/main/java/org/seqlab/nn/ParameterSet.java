package org.seqlab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a model by unique name, in insertion order (the order is part of a saved model's layout and of
 * the optimizer state, so it must be deterministic). Nested components register theirs with a prefix, giving names
 * such as {@code encoder.l0.fwd.weight_ih}.
 */
public final class ParameterSet implements Iterable<Parameter> {
    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    /** Adds a parameter; its name must be new to this set. */
    public Parameter add(Parameter p) {
        if (byName.putIfAbsent(p.name(), p) != null) {
            throw new IllegalArgumentException("duplicate parameter name: " + p.name());
        }
        return p;
    }

    /**
     * Adds every parameter of {@code child}, renamed {@code prefix + "." + name}. The new parameters share the
     * child's value and gradient arrays, so updates through either set are seen by both.
     */
    public void addAll(String prefix, ParameterSet child) {
        for (Parameter p : child) {
            add(Parameter.sharing(prefix + "." + p.name(), p));
        }
    }

    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name + "; known: " + byName.keySet());
        }
        return p;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    public int size() {
        return byName.size();
    }

    /** Total number of scalar values. */
    public long numValues() {
        long n = 0;
        for (Parameter p : byName.values()) {
            n += p.size();
        }
        return n;
    }

    public List<Parameter> list() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    public List<Parameter> trainable() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : byName.values()) {
            if (p.trainable()) {
                out.add(p);
            }
        }
        return out;
    }

    public void zeroGrads() {
        for (Parameter p : byName.values()) {
            p.zeroGrad();
        }
    }

    @Override
    public Iterator<Parameter> iterator() {
        return Collections.unmodifiableCollection(byName.values()).iterator();
    }
}
