/**
 * The attentional translator (Luong et al. 2015), from text to text.
 *
 * <ul>
 *   <li>{@link org.seqlab.seq2seq.TranslatorConfig}: the architecture (defaults = the PyTorch peer
 *       {@code shared/bench/torch_seq2seq.py}); {@link org.seqlab.seq2seq.ScheduledSampling}: its schedules;
 *       {@link org.seqlab.seq2seq.TranslationTrainingConfig}: the {@code translate-train} config file.
 *   <li>{@link org.seqlab.seq2seq.SubwordCodec}: text ↔ ids (BPE from {@code text.bpe} + a {@code Vocabulary});
 *       {@link org.seqlab.seq2seq.ParallelCorpus}: aligned lines, strict UTF-8.
 *   <li>{@link org.seqlab.seq2seq.Seq2SeqModel}: BiLSTM/GRU encoder, bridge, LSTM or GRU decoder with attention
 *       and input feeding, label-smoothed loss; explicit backward; a {@code seq2seq.decode} {@code DecoderModel}
 *       for greedy and beam search.
 *   <li>{@link org.seqlab.seq2seq.TranslationTask} (what the {@code Trainer} trains) and
 *       {@link org.seqlab.seq2seq.Seq2SeqTrainer} (BPE, batching, BLEU early stopping, checkpoints).
 *   <li>{@link org.seqlab.seq2seq.Translator}: the thread-safe API over a model bundle.
 *   <li>{@link org.seqlab.seq2seq.TranslationBenchmark}: training speed against the peer.
 * </ul>
 * Sub-packages: {@code bleu} (sacreBLEU-equal BLEU) and {@code decode} (greedy and beam search).
 */
package org.seqlab.seq2seq;
