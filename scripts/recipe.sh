# Sourced by build-default-models.sh and train-ensemble.sh (bash). read_recipe NAME DATA PROGRAM reads
# scripts/NAME.recipe into FORMAT, TRAIN, DEV, EMBEDDINGS, EMBEDDINGS2, CONFIG, KEEP_FREQUENT, WEIGHTS and SILVER (CoNLL
# files whose first column holds the words of unlabelled sentences, for train-self-trained.sh) and checks that its
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
