package org.seqlab.corenlp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

import edu.stanford.nlp.ling.CoreAnnotation;
import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.Annotator;
import edu.stanford.nlp.util.ArrayCoreMap;
import edu.stanford.nlp.util.CoreMap;

import org.seqlab.SeqlabException;
import org.seqlab.tagger.TaggedSentence;
import org.seqlab.tagger.TaggedSpan;
import org.seqlab.tagger.Tagger;

/**
 * A seqlab tagger as a Stanford CoreNLP annotator, on the tokens and sentences of CoreNLP's {@code tokenize,ssplit}:
 *
 * <pre>
 * annotators = tokenize,ssplit,seqlab
 * customAnnotatorClass.seqlab = org.seqlab.corenlp.SeqlabAnnotator
 * seqlab.model = ner.zip          # a tagger bundle, or a bundled model's name (ner, pos)
 * seqlab.annotation = ner         # ner or pos; default: ner for a span model, pos for a label model
 * tokenize.options = splitHyphenated=false   # for CoNLL-trained models: hyphenated words whole, as they were trained
 * </pre>
 *
 * <p>{@code ner} (a span model, such as one trained on CoNLL-2003) sets each token's {@code NamedEntityTagAnnotation}
 * to its entity type ({@code PER}, {@code LOC}... as the model names them) or {@code O}, and its
 * {@code NamedEntityTagProbsAnnotation} to that label's confidence; and, as CoreNLP's {@code entitymentions} does,
 * each sentence's and the document's {@code MentionsAnnotation}: one mention per span the tagger found (text,
 * character offsets, tokens, document token indices, sentence index, type, confidence: the lowest of its tokens').
 * {@code pos} (a label model, such as one trained on UD-EWT) sets {@code PartOfSpeechAnnotation}. The properties are
 * read under the name the annotator is given, so one pipeline may hold several (e.g. {@code seqlabpos.model}).
 *
 * <p>Thread-safe: CoreNLP may annotate several documents at once with one instance; the loaded {@link Tagger} is
 * immutable and each call keeps its state in locals. A document's sentences are tagged in one batched call.
 */
public final class SeqlabAnnotator implements Annotator {
    /** The {@code seqlab.annotation} values. */
    public static final String NER = "ner";
    public static final String POS = "pos";

    private static final Set<Class<? extends CoreAnnotation>> REQUIRES = Set.of(
            CoreAnnotations.TextAnnotation.class, CoreAnnotations.TokensAnnotation.class,
            CoreAnnotations.CharacterOffsetBeginAnnotation.class, CoreAnnotations.CharacterOffsetEndAnnotation.class,
            CoreAnnotations.SentencesAnnotation.class);
    private static final Set<Class<? extends CoreAnnotation>> NER_SATISFIES = Set.of(
            CoreAnnotations.NamedEntityTagAnnotation.class, CoreAnnotations.NamedEntityTagProbsAnnotation.class,
            CoreAnnotations.MentionsAnnotation.class, CoreAnnotations.EntityTypeAnnotation.class,
            CoreAnnotations.EntityMentionIndexAnnotation.class,
            CoreAnnotations.CanonicalEntityMentionIndexAnnotation.class);
    private static final Set<Class<? extends CoreAnnotation>> POS_SATISFIES = Set.of(
            CoreAnnotations.PartOfSpeechAnnotation.class);

    private final Tagger tagger;
    private final boolean ner;

    /** The constructor CoreNLP calls for {@code customAnnotatorClass.NAME}: properties {@code NAME.model}, {@code NAME.annotation}. */
    public SeqlabAnnotator(String name, Properties props) {
        Objects.requireNonNull(props, "seqlab annotator: the properties are null");
        String modelKey = name + ".model";
        String reference = props.getProperty(modelKey);
        if (reference == null || reference.isBlank()) {
            throw new SeqlabException(modelKey + " is not set: give a tagger bundle's path or a bundled model's name");
        }
        this.tagger = loadTagger(reference.trim(), modelKey);
        String annotationKey = name + ".annotation";
        String annotation = props.getProperty(annotationKey, tagger.spanTask() ? NER : POS).trim()
                .toLowerCase(Locale.ROOT);
        if (!annotation.equals(NER) && !annotation.equals(POS)) {
            throw new SeqlabException(annotationKey + " = " + annotation + ": must be " + NER + " or " + POS);
        }
        this.ner = annotation.equals(NER);
        if (ner != tagger.spanTask()) {
            throw new SeqlabException(annotationKey + " = " + annotation + ", but " + reference + " is a "
                    + (tagger.spanTask() ? "span (NER or chunking) model: use " + NER
                            : "label (POS) model: use " + POS));
        }
    }

    /** Wraps an already loaded tagger; {@code annotation} is {@link #NER} or {@link #POS}. */
    public SeqlabAnnotator(Tagger tagger, String annotation) {
        Objects.requireNonNull(tagger, "seqlab annotator: the tagger is null");
        this.tagger = tagger;
        this.ner = NER.equals(annotation);
        if (!ner && !POS.equals(annotation) || ner != tagger.spanTask()) {
            throw new IllegalArgumentException("annotation " + annotation + " does not fit " + tagger);
        }
    }

    /**
     * Turns {@code seqlab.model} into a tagger: a bundled model's name ({@code ner}, {@code pos}) or a bundle path, as
     * {@link Tagger#load(String)} resolves them; its message (the bundled names, or the missing path) is prefixed with
     * the property.
     */
    static Tagger loadTagger(String reference, String key) {
        try {
            return Tagger.load(reference);
        } catch (SeqlabException e) {
            throw new SeqlabException(key + " = " + reference + ": " + e.getMessage());
        }
    }

    public Tagger tagger() {
        return tagger;
    }

    @Override
    public void annotate(Annotation annotation) {
        Objects.requireNonNull(annotation, "seqlab annotator: the annotation is null");
        List<CoreMap> sentences = annotation.get(CoreAnnotations.SentencesAnnotation.class);
        if (sentences == null) {
            throw new SeqlabException("seqlab annotator: the document has no sentences; run tokenize,ssplit first");
        }
        List<List<String>> words = new ArrayList<>(sentences.size());
        for (CoreMap sentence : sentences) {
            List<CoreLabel> tokens = sentence.get(CoreAnnotations.TokensAnnotation.class);
            List<String> w = new ArrayList<>(tokens.size());
            for (CoreLabel t : tokens) {
                w.add(surface(t));
            }
            words.add(w);
        }
        List<TaggedSentence> tagged = tagger.tagAll(words);
        if (ner) {
            setEntities(annotation, sentences, tagged);
        } else {
            for (int s = 0; s < sentences.size(); s++) {
                List<CoreLabel> tokens = sentences.get(s).get(CoreAnnotations.TokensAnnotation.class);
                List<String> tags = tagged.get(s).tags();
                for (int i = 0; i < tokens.size(); i++) {
                    tokens.get(i).setTag(tags.get(i));
                }
            }
        }
    }

    /** The token as written in the text (CoreNLP's word may be normalised, e.g. quotes), as the tagger was trained. */
    private static String surface(CoreLabel token) {
        String original = token.originalText();
        return original == null || original.isEmpty() ? token.word() : original;
    }

    private static void setEntities(Annotation document, List<CoreMap> sentences, List<TaggedSentence> tagged) {
        String text = document.get(CoreAnnotations.TextAnnotation.class);
        List<CoreMap> all = new ArrayList<>();
        int documentToken = 0;
        for (int s = 0; s < sentences.size(); s++) {
            CoreMap sentence = sentences.get(s);
            List<CoreLabel> tokens = sentence.get(CoreAnnotations.TokensAnnotation.class);
            Integer first = sentence.get(CoreAnnotations.TokenBeginAnnotation.class);
            int offset = first != null ? first : documentToken;
            TaggedSentence t = tagged.get(s);
            for (int i = 0; i < tokens.size(); i++) {
                tokens.get(i).setNER("O");
                tokens.get(i).set(CoreAnnotations.NamedEntityTagProbsAnnotation.class,
                        Map.of("O", t.confidences()[i]));
            }
            List<CoreMap> mentions = new ArrayList<>(t.spans().size());
            for (TaggedSpan span : t.spans()) {
                List<CoreLabel> mentionTokens = tokens.subList(span.start(), span.end());
                int begin = mentionTokens.get(0).beginPosition();
                int end = mentionTokens.get(mentionTokens.size() - 1).endPosition();
                int index = all.size();
                Map<String, Double> probs = new HashMap<>(Map.of(span.label(), span.confidence()));
                for (int i = span.start(); i < span.end(); i++) {
                    CoreLabel token = tokens.get(i);
                    token.setNER(span.label());
                    token.set(CoreAnnotations.NamedEntityTagProbsAnnotation.class,
                            Map.of(span.label(), t.confidences()[i]));
                    token.set(CoreAnnotations.EntityMentionIndexAnnotation.class, index);
                }
                CoreMap mention = new ArrayCoreMap();
                mention.set(CoreAnnotations.TextAnnotation.class,
                        text != null ? text.substring(begin, end) : span.text());
                mention.set(CoreAnnotations.CharacterOffsetBeginAnnotation.class, begin);
                mention.set(CoreAnnotations.CharacterOffsetEndAnnotation.class, end);
                mention.set(CoreAnnotations.TokensAnnotation.class, mentionTokens);
                mention.set(CoreAnnotations.TokenBeginAnnotation.class, offset + span.start());
                mention.set(CoreAnnotations.TokenEndAnnotation.class, offset + span.end());
                mention.set(CoreAnnotations.SentenceIndexAnnotation.class, s);
                mention.set(CoreAnnotations.NamedEntityTagAnnotation.class, span.label());
                mention.set(CoreAnnotations.EntityTypeAnnotation.class, span.label());
                mention.set(CoreAnnotations.NamedEntityTagProbsAnnotation.class, probs);
                mention.set(CoreAnnotations.EntityMentionIndexAnnotation.class, index);
                mention.set(CoreAnnotations.CanonicalEntityMentionIndexAnnotation.class, index);
                mentions.add(mention);
                all.add(mention);
            }
            sentence.set(CoreAnnotations.MentionsAnnotation.class, mentions);
            documentToken = offset + tokens.size();
        }
        document.set(CoreAnnotations.MentionsAnnotation.class, all);
    }

    @Override
    public Set<Class<? extends CoreAnnotation>> requires() {
        return REQUIRES;
    }

    @Override
    public Set<Class<? extends CoreAnnotation>> requirementsSatisfied() {
        return ner ? NER_SATISFIES : POS_SATISFIES;
    }
}
