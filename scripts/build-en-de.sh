#!/usr/bin/env bash
# Trains the default English->German translator (scripts/translate-en-de.json) on Multi30k within a wall-clock budget,
# scores greedy and beam-5 BLEU on the validation set for the float32 model and its float16 copy, and installs the
# float16 copy as resources/models/en-de.zip (the bundled model `seqlab translate --model en-de` loads).
#
#   scripts/build-en-de.sh [--minutes 60] [--data ../shared/data/multi30k] [--work runs/en-de] [--no-install]
#
# The budget counts training and the per-epoch validation (Trainer time budget); scoring afterwards is extra.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
minutes=60
data="$here/../shared/data/multi30k"
work="$here/runs/en-de"
install=1
max_bytes=$((25 * 1000 * 1000))

while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --no-install) install=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "build-en-de.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

for f in train.en train.de val.en val.de; do
  [ -f "$data/$f" ] || { echo "build-en-de.sh: missing $data/$f (Multi30k; see --data)" >&2; exit 1; }
done
mkdir -p "$work"
seqlab="$here/seqlab"

start=$(date +%s)
"$seqlab" translate-train --config "$here/scripts/translate-en-de.json" \
  --src "$data/train.en" --tgt "$data/train.de" --valid-src "$data/val.en" --valid-tgt "$data/val.de" \
  --out "$work/en-de.f32.zip" --float16-out "$work/en-de.zip" --work-dir "$work/train" \
  --minutes "$minutes" --no-progress | tee "$work/train.log"
train_s=$(( $(date +%s) - start ))

score() { # MODEL BEAM NAME [ALPHA] -> prints "NAME bleu B sents_per_s S"
  local t0 t1 bleu
  t0=$(date +%s.%N)
  "$seqlab" translate --model "$1" --beam "$2" --alpha "${4:-0.6}" --no-progress "$data/val.en" > "$work/val.$3.de"
  t1=$(date +%s.%N)
  bleu=$("$seqlab" bleu "$work/val.$3.de" "$data/val.de" | tail -n 1 | awk '{print $2}')
  awk -v n="$3" -v b="$bleu" -v t0="$t0" -v t1="$t1" -v lines="$(wc -l < "$data/val.en")" \
    'BEGIN {printf "%s val_bleu %s sents_per_s %.1f (process, model load included)\n", n, b, lines / (t1 - t0)}'
}

{
  echo "train_wall_seconds $train_s"
  score "$work/en-de.f32.zip" 1 greedy.f32
  score "$work/en-de.f32.zip" 5 beam5.f32
  score "$work/en-de.zip" 1 greedy.f16
  score "$work/en-de.zip" 5 beam5.f16
  # the length penalty tuned on the validation set (GNMT's alpha; 0.6 is the default of `translate`)
  score "$work/en-de.zip" 5 beam5-alpha1.0.f16 1.0
  score "$work/en-de.zip" 5 beam5-alpha1.5.f16 1.5
  echo "bundle_bytes_f32 $(stat -c %s "$work/en-de.f32.zip")"
  echo "bundle_bytes_f16 $(stat -c %s "$work/en-de.zip")"
} | tee "$work/report.txt"

size=$(stat -c %s "$work/en-de.zip")
if [ "$size" -gt "$max_bytes" ]; then
  echo "build-en-de.sh: $work/en-de.zip is $size bytes, over the 25 MB limit for bundled models" >&2
  exit 1
fi
if [ "$install" = 1 ]; then
  mkdir -p "$here/resources/models"
  cp "$work/en-de.zip" "$here/resources/models/.en-de.zip.tmp"
  mv "$here/resources/models/.en-de.zip.tmp" "$here/resources/models/en-de.zip"
  echo "installed resources/models/en-de.zip ($size bytes); report in $work/report.txt"
fi
