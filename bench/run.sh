#!/usr/bin/env bash
# Throughput benchmark for `sendlint check`, run by hand (not a test). See bench/README.md.
#
#   bench/run.sh
#
# Environment (all optional):
#   SEED=42 COUNT=1000 TARGET_MB=50   the generated corpus (same values, same bytes)
#   RUNS=5                            timed runs per command (the median is reported)
#   PHRASES=FILE                      phrase list for ripgrep instead of the one made from rules/lexicon
#   SENDLINT=PATH                     use this binary and skip `cargo build`
#   KEEP=1                            keep the temporary folder and print where it is
#   BENCH_TIMER=python                time with the Python fallback even where GNU time exists
set -euo pipefail

SEED=${SEED:-42}
COUNT=${COUNT:-1000}
TARGET_MB=${TARGET_MB:-50}
RUNS=${RUNS:-5}

# Targets (see bench/README.md).
TARGET_HTML_MBPS=100  # sendlint, one thread, HTML e-mails, MB/s
TARGET_RATIO=2.0      # sendlint wall time / ripgrep wall time, all cores each

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

die() { echo "bench: $*" >&2; exit 1; }

command -v python3 >/dev/null 2>&1 || die "python3 is needed for the corpus generator"

# --- ripgrep, from Debian's packages ------------------------------------------------------------
if ! command -v rg >/dev/null 2>&1; then
  echo "bench: ripgrep (rg) is not on PATH"
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing Debian's ripgrep package"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y ripgrep >/dev/null; then
      apt-get update >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y ripgrep >/dev/null
    fi
    command -v rg >/dev/null 2>&1 || die "apt-get installed no rg"
  else
    die "install ripgrep first (Debian: sudo apt-get install ripgrep), then run this again"
  fi
fi

# --- the binary ---------------------------------------------------------------------------------
if [ -n "${SENDLINT:-}" ]; then
  bin=$SENDLINT
else
  echo "bench: cargo build --release --locked"
  cargo build --release --locked
  bin="${CARGO_TARGET_DIR:-$repo/target}/release/sendlint"
fi
[ -x "$bin" ] || die "no sendlint binary at $bin"

# --- timing: GNU time if present, else a Python wrapper -------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sendlint-bench.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  trap 'echo "bench: kept $tmp"' EXIT
else
  trap 'rm -rf "$tmp"' EXIT
fi

if [ "${BENCH_TIMER:-}" != python ] && [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null; then
  timer=gnu
else
  timer=python
  # Wall time around the child only (the interpreter's start-up is not counted); peak RSS of the
  # child from getrusage (kilobytes on Linux), the same figure as GNU time's %M.
  cat >"$tmp/timeit.py" <<'PY'
import resource, subprocess, sys, time
out = sys.argv[1]
start = time.perf_counter()
code = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(out, "w") as handle:
    handle.write(f"{wall:.3f} {rss}\n")
sys.exit(code)
PY
  echo "bench: /usr/bin/time (GNU time) not found; timing with Python instead"
fi

# measure LABEL OKCODES COMMAND...: run once, stdout to /dev/null, append "wall rss" to $tmp/LABEL.
measure() {
  local label=$1 ok=$2; shift 2
  local code=0 start end
  if [ "$timer" = gnu ]; then
    start=${EPOCHREALTIME:-}
    /usr/bin/time -f '%e %M' -o "$tmp/last.time" "$@" >/dev/null 2>"$tmp/last.err" || code=$?
    end=${EPOCHREALTIME:-}
  else
    python3 "$tmp/timeit.py" "$tmp/last.time" "$@" 2>"$tmp/last.err" || code=$?
  fi
  case " $ok " in
    *" $code "*) ;;
    *) echo "bench: $label exited with $code:" >&2; tail -n 5 "$tmp/last.err" >&2; exit 1 ;;
  esac
  # GNU time's %e has 10 ms steps, too coarse for ripgrep on a warm cache: where bash 5 offers
  # EPOCHREALTIME (microseconds), its difference replaces %e (it adds the ~1 ms start of time(1)).
  if [ "$timer" = gnu ] && [ -n "$start" ] && [ -n "$end" ]; then
    tail -n 1 "$tmp/last.time" | awk -v s="${start/,/.}" -v e="${end/,/.}" '{printf "%.6f %s\n", e - s, $2}' >>"$tmp/$label.times"
  else
    tail -n 1 "$tmp/last.time" >>"$tmp/$label.times"
  fi
}

# --- the corpus ---------------------------------------------------------------------------------
corpus="$tmp/corpus"
echo "bench: generating $COUNT drafts, about $TARGET_MB MB (seed $SEED)"
python3 bench/gen_corpus.py "$SEED" "$corpus" "$COUNT" "$TARGET_MB" >"$tmp/corpus.txt"
total_bytes=$(awk '$1 == "total" {print $3}' "$tmp/corpus.txt")
total_files=$(awk '$1 == "total" {print $2}' "$tmp/corpus.txt")
html_bytes=$(awk '$1 == "kind" && $2 == "html-email" {print $5}' "$tmp/corpus.txt")
html_dir="$corpus/$(awk '$1 == "kind" && $2 == "html-email" {print $3}' "$tmp/corpus.txt")"
checksum=$(awk '$1 == "sha256" {print $2}' "$tmp/corpus.txt")
awk '$1 == "kind" {printf "  %-11s %5d files %12d bytes\n", $2, $4, $5} $1 == "total" {printf "  %-11s %5d files %12d bytes\n", "total", $2, $3}' "$tmp/corpus.txt"

# --- the phrase list for ripgrep ----------------------------------------------------------------
if [ -n "${PHRASES:-}" ]; then
  cp "$PHRASES" "$tmp/phrases.txt"
  phrase_source="$PHRASES"
else
  python3 bench/lexicon_phrases.py rules/lexicon >"$tmp/phrases.txt" 2>"$tmp/phrases.err" \
    || { cat "$tmp/phrases.err" >&2; die "no phrases from rules/lexicon/*.toml (pass PHRASES=FILE to use another list)"; }
  phrase_source="rules/lexicon/*.toml"
fi
phrase_count=$(grep -c . "$tmp/phrases.txt" || true)
[ "$phrase_count" -gt 0 ] || die "the phrase list is empty"

# --- a check that the run means something (untimed; also warms the page cache) -----------------
code=0
"$bin" check --no-config --format json "$corpus" >"$tmp/report.json" 2>"$tmp/report.err" || code=$?
[ "$code" -le 1 ] || { tail -n 5 "$tmp/report.err" >&2; die "sendlint exited with $code on the corpus"; }
checked=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r.get("summary",{}).get("files", len(r.get("files",[]))), len(r["diagnostics"]))' "$tmp/report.json") \
  || die "sendlint's --format json output on the corpus is not a valid report"
read -r checked_files diagnostics <<<"$checked"
rg -i -F -f "$tmp/phrases.txt" "$corpus" >/dev/null 2>&1 || true

# --- timed runs, alternating ----------------------------------------------------------------------
echo "bench: $RUNS rounds of 5 commands"
for round in $(seq 1 "$RUNS"); do
  measure sendlint-1       "0 1" "$bin" check --no-config --format json --threads 1 "$corpus"
  measure sendlint-all     "0 1" "$bin" check --no-config --format json "$corpus"
  measure sendlint-html-1  "0 1" "$bin" check --no-config --format json --threads 1 "$html_dir"
  measure rg-1             "0 1" rg -i -F -j1 -f "$tmp/phrases.txt" "$corpus"
  measure rg-all           "0 1" rg -i -F -f "$tmp/phrases.txt" "$corpus"
  printf '  round %s done\n' "$round"
done

# --- report ---------------------------------------------------------------------------------------
export BENCH_TMP="$tmp" BENCH_TOTAL_BYTES="$total_bytes" BENCH_TOTAL_FILES="$total_files" BENCH_HTML_BYTES="$html_bytes" \
  BENCH_SEED="$SEED" BENCH_CHECKSUM="$checksum" BENCH_CHECKED="$checked_files" BENCH_DIAGNOSTICS="$diagnostics" \
  BENCH_PHRASES="$phrase_count" BENCH_PHRASE_SOURCE="$phrase_source" BENCH_CORES="$(nproc 2>/dev/null || echo '?')" \
  BENCH_TIMER="$timer" BENCH_RUNS="$RUNS" BENCH_TARGET_MBPS="$TARGET_HTML_MBPS" BENCH_TARGET_RATIO="$TARGET_RATIO"
python3 - <<'PY'
import os, statistics

env = os.environ
tmp = env["BENCH_TMP"]
total, html = int(env["BENCH_TOTAL_BYTES"]), int(env["BENCH_HTML_BYTES"])
target_mbps, target_ratio = float(env["BENCH_TARGET_MBPS"]), float(env["BENCH_TARGET_RATIO"])


def med(label, field):
    values = [float(line.split()[field]) for line in open(f"{tmp}/{label}.times") if line.strip()]
    return statistics.median(values)


def mbps(size, seconds):
    return size / 1e6 / seconds if seconds > 0 else float("inf")


print()
print("corpus")
print(f"  {env['BENCH_TOTAL_FILES']} files, {total / 1e6:.1f} MB (seed {env['BENCH_SEED']}, sha256 {env['BENCH_CHECKSUM'][:16]}...)")
for line in open(f"{tmp}/corpus.txt"):
    parts = line.split()
    if parts and parts[0] == "kind":
        print(f"  {parts[1]:<11} {int(parts[3]):>5} files {int(parts[4]) / 1e6:>8.2f} MB")
print(f"  sendlint checked {env['BENCH_CHECKED']} files, {env['BENCH_DIAGNOSTICS']} diagnostics")
print(f"  ripgrep phrases: {env['BENCH_PHRASES']} from {env['BENCH_PHRASE_SOURCE']}")
print(f"  cores: {env['BENCH_CORES']}; timer: {env['BENCH_TIMER']}; median of {env['BENCH_RUNS']} runs; MB = 10^6 bytes")
print()
print(f"  {'command':<42} {'wall s':>8} {'MB/s':>8} {'peak RSS MB':>12}")
rows = [
    ("sendlint-1", "sendlint --threads 1, whole corpus", total),
    ("sendlint-html-1", "sendlint --threads 1, HTML e-mails only", html),
    ("sendlint-all", "sendlint, all cores", total),
    ("rg-1", "rg -i -F -f PHRASES -j1", total),
    ("rg-all", "rg -i -F -f PHRASES, all cores", total),
]
for label, text, size in rows:
    wall, rss = med(label, 0), med(label, 1)
    print(f"  {text:<42} {wall:>8.3f} {mbps(size, wall):>8.1f} {rss / 1024:>12.1f}")

html_rate = mbps(html, med("sendlint-html-1", 0))
rg_all = med("rg-all", 0)
ratio = med("sendlint-all", 0) / rg_all if rg_all > 0 else float("inf")
print()
print("targets")
print(f"  HTML, one thread: {html_rate:.1f} MB/s; target >= {target_mbps:g} MB/s per core: {'PASS' if html_rate >= target_mbps else 'FAIL'}")
print(f"  sendlint / rg wall time, all cores each: {ratio:.2f}; target <= {target_ratio:g}: {'PASS' if ratio <= target_ratio else 'FAIL'}")
PY
