#!/usr/bin/env bash
# Self-training: trains the ensemble of a tagger recipe with scripts/train-ensemble.sh (or takes SILVER_TAGGER, a
# tagger or ensemble bundle trained before), lets it tag the recipe's unlabelled sentences (SILVER in
# scripts/NAME.recipe: CoNLL files of which only the words are read), then trains the recipe once more on the
# training file and those silver sentences (`seqlab train --silver`, seed STUDENT_SEED, default 4, none of the
# members'), and shrinks the result as the bundled models are. The student tags at one tagger's speed and size.
# Costs the members' training and one run with longer epochs (for NER about 1.6 times as long, the 8,936 WSJ
# sentences of CoNLL-2000 beside CoNLL-2003's 14,041). Figures: docs/tagger.md ("Self-training").
#
#   scripts/train-self-trained.sh ner                                 # -> target/ensembles/ner-self-trained.small.zip
#   SILVER_TAGGER=ner-ensemble.zip scripts/train-self-trained.sh ner  # a tagger trained before labels the sentences
#   EPOCHS=1 SEEDS="1 2" scripts/train-self-trained.sh ner            # quick check of the plumbing (a poor model!)
#
# Environment: SILVER_TAGGER, STUDENT_SEED (default 4), and those of train-ensemble.sh (SEEDS, EPOCHS, SHRINK, DATA,
# WORK).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
# shellcheck source=scripts/recipe.sh
source scripts/recipe.sh
name=${1:?usage: scripts/train-self-trained.sh NAME (reads scripts/NAME.recipe)}
data=${DATA:-$here/../shared/data}
work=${WORK:-$here/target/ensembles}
read_recipe "$name" "$data" train-self-trained
[ -n "$SILVER" ] || { echo "train-self-trained: scripts/$name.recipe names no SILVER sentences" >&2; exit 1; }
ensemble_unless train-self-trained "$name" "$work" "${SILVER_TAGGER:-}"
tagger=$ENSEMBLE
mkdir -p "$work"
silver_args=()
for f in $SILVER; do
  [ -f "$data/$f" ] || { echo "train-self-trained: $data/$f: no such file" >&2; exit 1; }
  # one sentence a line: the word of each word line (a .conllu file: FORM, column 2, with comments, ranges and
  # empty nodes skipped; otherwise column 1, -DOCSTART- lines skipped); blank lines end sentences
  text=$work/silver-$(echo "$f" | tr '/' '-').txt
  case $f in *.conllu) u=1 ;; *) u=0 ;; esac
  awk -v u="$u" 'NF == 0 {if (l != "") print l; l = ""; next}
       u && (/^#/ || $1 ~ /^[0-9]+[-.]/) {next}
       !u && $1 == "-DOCSTART-" {next}
       {w = u ? $2 : $1; l = (l == "" ? w : l " " w)}
       END {if (l != "") print l}' "$data/$f" > "$text"
  silver_args+=(--silver "$text")
done
student=$work/$name-self-trained${EPOCHS:+-e$EPOCHS}.zip
echo "== $name student (seed ${STUDENT_SEED:-4}, silver sentences tagged by $tagger); log in ${student%.zip}.log"
train_student train-self-trained "$data" "$name" "$student" "${STUDENT_SEED:-4}" \
    "${silver_args[@]}" --silver-tagger "$tagger"
echo "$name self-trained: $STUDENT ($(stat -c %s "$STUDENT") bytes)"
