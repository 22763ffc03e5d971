/**
 * Packing, masks, bucketing and order restore: the station between ids and layers.
 *
 * <p>{@link org.seqlab.batch.Batcher} cuts a dataset (its item lengths) into a {@link org.seqlab.batch.BatchPlan};
 * each planned batch becomes a {@link org.seqlab.batch.PackedBatch} (ids padded batch-major and packed time-major,
 * with masks), whose {@link org.seqlab.batch.SequenceLayout} tells layers how many rows are live at each step and
 * scatters their packed outputs back to the caller's order; a {@link org.seqlab.batch.CharBatch} lays out each
 * word's characters in the same packed row order. The plan joins per-batch outputs into one output per dataset item.
 *
 * <p>Everything here is immutable, and every copy is a plain Java loop over arrays.
 */
package org.seqlab.batch;
