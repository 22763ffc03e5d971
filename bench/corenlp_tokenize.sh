#!/usr/bin/env bash
# Stanford CoreNLP's tokenize,ssplit on the raw document of a CoNLL-U file, as the accuracy and speed peer of
# `seqlab bench-tokenize`. CoreNLP is GPL: it is fetched into a cache directory here and never becomes a dependency
# of seqlab's modules. No models are needed for tokenize,ssplit.
# usage: bench/corenlp_tokenize.sh [CONLLU] [REPEAT]
#   CONLLU defaults to ../shared/data/ud-ewt/en_ewt-ud-dev.conllu (beside the repository); REPEAT copies of the
#   document are timed (default 10).
# Prints token_f1, sentence_f1 (scored by ../shared/bench/ud_tokens.py) and tokens_per_s: steady state, the extra time
# of REPEAT copies over one copy, so JVM start-up and class loading drop out. Then the same three figures for
# `seqlab tokenize --offsets` measured the same way (file in, token lines out), as seqlab_cli_* lines: an
# end-to-end comparison on equal terms (CoreNLP's figure includes its file reading and JSON writing).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${SEQLAB_SHARED:-$here/../shared}
conllu=${1:-$shared/data/ud-ewt/en_ewt-ud-dev.conllu}
rep=${2:-10}
v=4.5.10
cache=${SEQLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/seqlab}/corenlp-$v
jar=$cache/stanford-corenlp-$v.jar
if [ ! -f "$jar" ]; then
  mkdir -p "$cache"
  mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.7.1:copy \
    -Dartifact=edu.stanford.nlp:stanford-corenlp:$v -DoutputDirectory="$cache" >/dev/null
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$shared/bench/ud_tokens.py" text "$conllu" > "$tmp/doc.txt"
for i in $(seq "$rep"); do cat "$tmp/doc.txt"; printf '\n\n'; done > "$tmp/many.txt"
run() {
  java -mx4g -cp "$jar" edu.stanford.nlp.pipeline.StanfordCoreNLP -annotators tokenize,ssplit \
    -ssplit.newlineIsSentenceBreak two -outputFormat json -outputDirectory "$tmp" -file "$1" >/dev/null 2>&1
}
t0=$(date +%s.%N); run "$tmp/doc.txt"; t1=$(date +%s.%N); run "$tmp/many.txt"; t2=$(date +%s.%N)
# JSON sentences -> token<TAB>begin<TAB>end lines (CoreNLP's offsets are UTF-16 String indices, like ours).
python3 - "$tmp/doc.txt.json" > "$tmp/pred.tsv" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
out = []
for s in doc["sentences"]:
    for t in s["tokens"]:
        out.append("%s\t%d\t%d" % (t["originalText"], t["characterOffsetBegin"], t["characterOffsetEnd"]))
    out.append("")
sys.stdout.write("\n".join(out) + "\n")
PY
python3 "$shared/bench/ud_tokens.py" score "$conllu" "$tmp/pred.tsv" | grep -E '^(token_f1|sentence_f1) '
n=$(grep -c . "$tmp/pred.tsv")
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$n" -v r="$rep" \
  'BEGIN { printf "tokens_per_s %.0f\ntokens %d\n", n * (r - 1) / ((c - b) - (b - a)), n }'

if [ -x "$here/seqlab" ]; then
  "$here/seqlab" --version >/dev/null # builds if stale, outside the timing
  t0=$(date +%s.%N); "$here/seqlab" tokenize --offsets "$tmp/doc.txt" > "$tmp/seqlab.tsv"; t1=$(date +%s.%N)
  "$here/seqlab" tokenize --offsets "$tmp/many.txt" > /dev/null; t2=$(date +%s.%N)
  python3 "$shared/bench/ud_tokens.py" score "$conllu" "$tmp/seqlab.tsv" | grep -E '^(token_f1|sentence_f1) ' | sed 's/^/seqlab_cli_/'
  n=$(grep -c . "$tmp/seqlab.tsv")
  awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$n" -v r="$rep" \
    'BEGIN { printf "seqlab_cli_tokens_per_s %.0f\n", n * (r - 1) / ((c - b) - (b - a)) }'
fi
