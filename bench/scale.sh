#!/usr/bin/env bash
# Scale benchmark for `sendlint check` on a repository of 10,000 templates, run by hand (not a
# test): wall time and peak memory (GNU time's maximum resident set size) with 1 and 2 threads,
# and whether the output is byte-identical between them. See bench/README.md.
#
#   bench/scale.sh
#
# Environment (all optional):
#   SEED=7 COUNT=10000 TARGET_MB=60   the generated corpus (bench/gen_corpus.py; same values, same bytes)
#   FORMATS="json sarif human"        the output formats compared between 1 and 2 threads
#   SENDLINT=PATH                     use this binary and skip `cargo build`
#   KEEP=1                            keep the temporary folder and print where it is
set -euo pipefail

SEED=${SEED:-7}
COUNT=${COUNT:-10000}
TARGET_MB=${TARGET_MB:-60}
FORMATS=${FORMATS:-"json sarif human"}
LIMIT_MB=100

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }

if [ -z "${SENDLINT:-}" ]; then
  cargo build --release --locked --quiet
  SENDLINT="$repo/target/release/sendlint"
fi

work=$(mktemp -d)
if [ -n "${KEEP:-}" ]; then echo "bench: keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

python3 bench/gen_corpus.py "$SEED" "$work/corpus" "$COUNT" "$TARGET_MB" | tail -n 1
files=$(find "$work/corpus" -type f | wc -l)
bytes=$(du -sb "$work/corpus" | cut -f1)
echo "corpus: $files files, $((bytes / 1000000)) MB"

failed=0
printf '%-7s %-7s %10s %12s %s\n' format threads wall_s peak_MB output_sha256
for format in $FORMATS; do
  for threads in 1 2; do
    out="$work/$format-$threads.out"
    /usr/bin/time -v -o "$work/time" "$SENDLINT" check --no-config --format "$format" \
      --threads "$threads" "$work/corpus" >"$out" 2>"$work/stderr" || true
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time" |
      awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
    mb=$((kb / 1024))
    printf '%-7s %-7s %10s %12s %s\n' "$format" "$threads" "$wall" "$mb" "$(sha256sum "$out" | cut -c1-16)"
    if [ "$mb" -ge "$LIMIT_MB" ]; then
      echo "bench: peak memory $mb MB is not under $LIMIT_MB MB ($format, $threads threads)"
      failed=1
    fi
  done
  if cmp -s "$work/$format-1.out" "$work/$format-2.out"; then
    echo "$format: output byte-identical with 1 and 2 threads"
  else
    echo "bench: $format output differs between 1 and 2 threads"
    failed=1
  fi
done
exit "$failed"
