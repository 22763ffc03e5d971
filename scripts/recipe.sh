# Sourced by build-default-models.sh and the train-*.sh scripts (bash). read_recipe NAME DATA PROGRAM reads
# scripts/NAME.recipe into FORMAT, TRAIN, DEV, EMBEDDINGS, EMBEDDINGS2, CONFIG, KEEP_FREQUENT, WEIGHTS and SILVER (CoNLL
# files holding the words of unlabelled sentences, for train-self-trained.sh) and checks that its
# files exist (data paths under DATA); on a problem it names it as PROGRAM and exits.
read_recipe() {
  local recipe=scripts/$1.recipe
  [ -f "$recipe" ] || { echo "$3: $recipe: no such recipe" >&2; exit 1; }
  FORMAT= TRAIN= DEV= EMBEDDINGS= EMBEDDINGS2= CONFIG= KEEP_FREQUENT=20000 WEIGHTS=int8 SILVER=
  # shellcheck disable=SC1090
  source "$recipe"
  local f
  for f in "$2/$TRAIN" "$2/$DEV" "$2/$EMBEDDINGS" ${EMBEDDINGS2:+"$2/$EMBEDDINGS2"} "$CONFIG"; do
    [ -f "$f" ] || { echo "$3: $f: no such file (data from $2)" >&2; exit 1; }
  done
}

# train_student PROGRAM DATA NAME OUT SEED [ARGS...] trains the recipe read by read_recipe into OUT with the extra
# seqlab train ARGS (the log beside OUT; EPOCHS overrides the epoch limit), prints its dev lines and, unless SHRINK=0,
# shrinks it as the bundled models are; STUDENT is then the bundle to use. On a failure it names PROGRAM and exits.
train_student() {
  local program=$1 data=$2 name=$3 out=$4 seed=$5
  shift 5
  if ! ./seqlab train --config "$CONFIG" --format "$FORMAT" --train "$data/$TRAIN" --dev "$data/$DEV" \
      --embeddings "$data/$EMBEDDINGS" ${EMBEDDINGS2:+--embeddings "$data/$EMBEDDINGS2"} "$@" --seed "$seed" \
      --out "$out" ${EPOCHS:+--epochs "$EPOCHS"} > "${out%.zip}.log" 2>&1; then
    tail -n 20 "${out%.zip}.log" >&2
    echo "$program: $name: training failed; log in ${out%.zip}.log" >&2
    exit 1
  fi
  grep -E '^dev_' "${out%.zip}.log" || true
  STUDENT=$out
  if [ "${SHRINK:-1}" = 1 ]; then
    STUDENT=${out%.zip}.small.zip
    ./seqlab shrink --model "$out" --keep-frequent "$KEEP_FREQUENT" --weights "$WEIGHTS" \
        --add-vectors "$data/$EMBEDDINGS" --dev "$data/$DEV" --format "$FORMAT" --out "$STUDENT" | tail -n 1
  fi
}

# ensemble_unless PROGRAM NAME WORK GIVEN sets ENSEMBLE to GIVEN (a bundle trained before) or, when GIVEN is empty,
# to the recipe's ensemble, trained with train-ensemble.sh; on a missing bundle it names PROGRAM and exits.
ensemble_unless() {
  ENSEMBLE=$4
  if [ -z "$ENSEMBLE" ]; then
    scripts/train-ensemble.sh "$2"
    ENSEMBLE=$3/$2-ensemble.zip
  fi
  [ -f "$ENSEMBLE" ] || { echo "$1: $ENSEMBLE: no such tagger bundle" >&2; exit 1; }
}
