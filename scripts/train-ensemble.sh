#!/usr/bin/env bash
# Trains a tagger recipe (scripts/NAME.recipe, as build-default-models.sh reads it) once per seed and joins the runs
# into one ensemble bundle with `seqlab ensemble`, scored on the recipe's dev file. Each member is shrunk as the
# bundled models are (SHRINK=0 keeps them full precision). About 12 minutes of CPU a NER member on a quiet 2-core
# machine; seeds 1-3 of scripts/ner.recipe gave dev F1 94.45 (members 94.14, 94.05, 94.26; docs/tagger.md).
#
#   scripts/train-ensemble.sh ner                       # seeds 1 2 3 -> target/ensembles/ner-ensemble.zip
#   SEEDS="1 2 3 4 5" scripts/train-ensemble.sh pos
#   EPOCHS=1 SEEDS="1 2" scripts/train-ensemble.sh ner  # quick check of the plumbing (a poor model!)
#
# Environment: SEEDS (default "1 2 3"), EPOCHS (overrides the config's epoch limit), SHRINK (default 1), DATA
# (default ../shared/data), WORK (default target/ensembles). A member whose bundle is already in WORK is reused.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
# shellcheck source=scripts/recipe.sh
source scripts/recipe.sh
name=${1:?usage: scripts/train-ensemble.sh NAME (reads scripts/NAME.recipe)}
data=${DATA:-$here/../shared/data}
work=${WORK:-$here/target/ensembles}
seeds=${SEEDS:-1 2 3}
read_recipe "$name" "$data" train-ensemble
mkdir -p "$work"
members=()
for seed in $seeds; do
  full=$work/$name-s$seed${EPOCHS:+-e$EPOCHS}.zip
  if [ -f "$full" ]; then
    echo "== $name seed $seed: reusing $full"
  else
    echo "== $name seed $seed: training; log in ${full%.zip}.log"
    if ! ./seqlab train --config "$CONFIG" --format "$FORMAT" --train "$data/$TRAIN" --dev "$data/$DEV" \
        --embeddings "$data/$EMBEDDINGS" ${EMBEDDINGS2:+--embeddings "$data/$EMBEDDINGS2"} --seed "$seed" \
        --out "$full" ${EPOCHS:+--epochs "$EPOCHS"} > "${full%.zip}.log" 2>&1; then
      tail -n 20 "${full%.zip}.log" >&2
      echo "train-ensemble: $name seed $seed: training failed; log in ${full%.zip}.log" >&2
      exit 1
    fi
    grep -E '^dev_' "${full%.zip}.log" || true
  fi
  if [ "${SHRINK:-1}" = 1 ]; then
    small=${full%.zip}.small.zip
    [ -f "$small" ] || ./seqlab shrink --model "$full" --keep-frequent "$KEEP_FREQUENT" --weights "$WEIGHTS" \
        --add-vectors "$data/$EMBEDDINGS" --out "$small" > /dev/null
    members+=("$small")
  else
    members+=("$full")
  fi
done
out=$work/$name-ensemble.zip
./seqlab ensemble --dev "$data/$DEV" --format "$FORMAT" --out "$out" "${members[@]}"
echo "$name ensemble: $out ($(stat -c %s "$out") bytes)"
