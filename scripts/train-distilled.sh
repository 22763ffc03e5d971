#!/usr/bin/env bash
# Distils an ensemble into one tagger: trains the ensemble of a tagger recipe with scripts/train-ensemble.sh (or takes
# TEACHER, an ensemble or tagger bundle trained before), then trains the recipe once more with `--teacher` (its seed
# STUDENT_SEED, default 4, none of the members'), and shrinks the result as the bundled models are. The student
# tags at one tagger's speed and size. Costs the members' training (about 12-15 minutes of CPU each for NER on a
# quiet 2-core machine) and one more run with a slightly longer epoch. Figures: docs/tagger.md ("Distillation").
#
#   scripts/train-distilled.sh ner                            # -> target/ensembles/ner-distilled.small.zip
#   TEACHER=ner-ensemble.zip scripts/train-distilled.sh ner   # a teacher trained before
#   EPOCHS=1 SEEDS="1 2" scripts/train-distilled.sh ner       # quick check of the plumbing (a poor model!)
#
# Environment: TEACHER, TEACHER_WEIGHT (default 0.5), STUDENT_SEED (default 4), and those of train-ensemble.sh
# (SEEDS, EPOCHS, SHRINK, DATA, WORK).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
# shellcheck source=scripts/recipe.sh
source scripts/recipe.sh
name=${1:?usage: scripts/train-distilled.sh NAME (reads scripts/NAME.recipe)}
data=${DATA:-$here/../shared/data}
work=${WORK:-$here/target/ensembles}
read_recipe "$name" "$data" train-distilled
ensemble_unless train-distilled "$name" "$work" "${TEACHER:-}"
teacher=$ENSEMBLE
mkdir -p "$work"
student=$work/$name-distilled${EPOCHS:+-e$EPOCHS}.zip
echo "== $name student (seed ${STUDENT_SEED:-4}, teacher $teacher); log in ${student%.zip}.log"
train_student train-distilled "$data" "$name" "$student" "${STUDENT_SEED:-4}" \
    --teacher "$teacher" --teacher-weight "${TEACHER_WEIGHT:-0.5}"
echo "$name distilled: $STUDENT ($(stat -c %s "$STUDENT") bytes)"
