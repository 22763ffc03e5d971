#!/usr/bin/env bash
# Rebuilds the bundled default taggers resources/models/ner.zip and pos.zip from ../shared/data with the recipes in
# scripts/NAME.recipe (fixed seed): train, score on dev, shrink (training words + the most frequent others of the
# vector file, added with their pretrained rows; int8 word table), score again, check the size and the score drop,
# install. About 40 minutes of CPU for both on a quiet 2-core machine.
#
#   scripts/build-default-models.sh              # both models, the recipes' epochs
#   MODELS=pos EPOCHS=1 scripts/build-default-models.sh   # quick check of the plumbing (a poor model!)
#
# Environment: MODELS (default "ner pos"), EPOCHS (overrides the config's epoch limit), DATA (default
# ../shared/data), WORK (default target/default-models: full-precision models, logs), INSTALL=0 to leave
# resources/models alone, SKIP_TRAIN=1 to shrink and install WORK/NAME-full.zip as it is (trained before by this
# script's training command).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
# shellcheck source=scripts/recipe.sh
source scripts/recipe.sh
data=${DATA:-$here/../shared/data}
work=${WORK:-$here/target/default-models}
models=${MODELS:-ner pos}
install=${INSTALL:-1}
max_bytes=$((15 * 1024 * 1024))
mkdir -p "$work" resources/models

score() { # model data format -> the eval's last line, e.g. "F1 93.81"
  ./seqlab eval --model "$1" --data "$2" --format "$3" | tail -n 1
}

for name in $models; do
  read_recipe "$name" "$data" build-default-models
  full=$work/$name-full.zip
  small=$work/$name.zip
  if [ "${SKIP_TRAIN:-0}" = 1 ]; then
    [ -f "$full" ] || { echo "build-default-models: SKIP_TRAIN=1 but $full is absent" >&2; exit 1; }
    echo "== $name: using $full as trained before"
  else
    echo "== $name: training (scripts/$name.recipe${EPOCHS:+, --epochs $EPOCHS}); log in $work/$name-train.log"
    rm -rf "$full.work"
    if ! ./seqlab train --config "$CONFIG" --format "$FORMAT" --train "$data/$TRAIN" --dev "$data/$DEV" \
        --embeddings "$data/$EMBEDDINGS" ${EMBEDDINGS2:+--embeddings "$data/$EMBEDDINGS2"} --out "$full" \
        ${EPOCHS:+--epochs "$EPOCHS"} > "$work/$name-train.log" 2>&1; then
      tail -n 20 "$work/$name-train.log" >&2
      echo "build-default-models: $name: training failed; log in $work/$name-train.log" >&2
      exit 1
    fi
    grep -E '^(best_epoch|dev_|average_)' "$work/$name-train.log" || true
  fi
  before=$(score "$full" "$data/$DEV" "$FORMAT")
  echo "$name full precision: dev $before ($(stat -c %s "$full") bytes)"
  ./seqlab shrink --model "$full" --keep-frequent "$KEEP_FREQUENT" --weights "$WEIGHTS" \
      --add-vectors "$data/$EMBEDDINGS" --dev "$data/$DEV" --format "$FORMAT" --out "$small"
  after=$(score "$small" "$data/$DEV" "$FORMAT")
  bytes=$(stat -c %s "$small")
  echo "$name shrunk: dev $after ($bytes bytes)"
  drop=$(awk -v a="${before##* }" -v b="${after##* }" 'BEGIN { printf "%.2f", a - b }')
  status=ok
  if awk -v d="$drop" 'BEGIN { exit !(d > 0.1) }'; then
    echo "build-default-models: $name: the dev score dropped by $drop (> 0.1) when shrinking" >&2; status=bad
  fi
  if [ "$bytes" -gt "$max_bytes" ]; then
    echo "build-default-models: $name: $bytes bytes, more than 15 MB" >&2; status=bad
  fi
  if [ "$status" != ok ]; then
    echo "build-default-models: $name left in $small, not installed" >&2; exit 1
  fi
  if [ "$install" = 1 ]; then
    cp "$small" "resources/models/.$name.zip.tmp" && mv -f "resources/models/.$name.zip.tmp" "resources/models/$name.zip"
    echo "$name installed: resources/models/$name.zip (dev $after, drop $drop, $bytes bytes)"
  fi
done
