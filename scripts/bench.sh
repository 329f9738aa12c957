#!/usr/bin/env bash
# Whole-binary benchmark: readiness against ripgrep on deterministic synthetic trees.
#
#   scripts/bench.sh                 # 10k and 100k files, built-in pack and a 10x pack
#   SIZES="10000" RUNS=3 scripts/bench.sh
#
# For each tree it prints the median wall time and peak RSS of:
#   readiness      `readiness check TREE` (built-in pack), then with 10x the rules (copies
#                  that match what the originals match: the worst case), then with 10x
#                  rules whose literals occur nowhere (rules about what the tree lacks)
#   rg -f          `rg --hidden -c -f PATTERNS TREE`: ripgrep searching the same content
#                  patterns (`readiness rules --patterns`) line by line, as rg can run them
#                  quickly (`synth_repo line-patterns` drops line feeds from classes, and
#                  the few patterns that need one); cut off after RG_TIMEOUT seconds
#   rg -U -f       with RG_MULTILINE=1, also the unchanged patterns in multi-line mode, as
#                  readiness runs them (over 300 s here: ripgrep's DFA thrashes)
#   rg read floor  `rg -c -F <absent literal> TREE`: ripgrep reading every file once, the
#                  least any content search of the tree can cost
# Needs: cargo, GNU time (/usr/bin/time), and rg (`cargo install ripgrep` if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000"}
RUNS=${RUNS:-5}
RG_TIMEOUT=${RG_TIMEOUT:-600}
RG_MULTILINE=${RG_MULTILINE:-0}
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/readiness-bench}
TIME=/usr/bin/time

command -v rg >/dev/null || { echo "rg not found: cargo install ripgrep" >&2; exit 2; }
[ -x "$TIME" ] || { echo "GNU time not found at $TIME (Debian: apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --bin readiness --example synth_repo
BIN=$PWD/target/release/readiness
SYNTH=$PWD/target/release/examples/synth_repo
mkdir -p "$WORK"
"$BIN" rules --patterns >"$WORK/patterns.txt"
[ -f "$WORK/pack10.toml" ] || "$SYNTH" pack --times 10 --out "$WORK/pack10.toml" >/dev/null
# The same number of rules, about things the tree does not hold (their literals occur
# nowhere): how cost grows with rules that do not hit, as most of a large pack's.
[ -f "$WORK/pack10-fresh.toml" ] || "$SYNTH" pack --times 10 --literals fresh --out "$WORK/pack10-fresh.toml" >/dev/null
"$BIN" rules --rules "$WORK/pack10.toml" --patterns >"$WORK/patterns10.txt"
"$SYNTH" line-patterns "$WORK/patterns.txt" "$WORK/lines.txt" >/dev/null
"$SYNTH" line-patterns "$WORK/patterns10.txt" "$WORK/lines10.txt" >/dev/null

# median SECONDS and peak RSS (MB) of RUNS runs of a command, after one warm-up run.
measure() {
    local runs=$1; shift
    "$@" >/dev/null 2>&1 || true
    for _ in $(seq "$runs"); do
        "$TIME" -f "%e %M" -o "$WORK/time.out" "$@" >/dev/null 2>&1 || true
        tail -1 "$WORK/time.out"
    done | sort -n | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
        END { printf "%s %.0f\n", t[int((NR + 1) / 2)], m / 1024 }'
}

# `rg --hidden -c ARGS TREE`, timed once (it can take very long), cut off at RG_TIMEOUT:
# seconds and peak KB.
rg_run() {
    local tree=$1; shift
    "$TIME" -f "%e %M" -o "$WORK/time.out" timeout "$RG_TIMEOUT" rg --hidden -c "$@" "$tree" >/dev/null 2>&1 || true
    tail -1 "$WORK/time.out"
}

# One table row: files, MB, command, rules, seconds, peak MB, and the `rg -f` seconds to
# compare with (empty: no ratio). A run cut off at RG_TIMEOUT shows as "> RG_TIMEOUT".
row() {
    awk -v n="$1" -v mb="$2" -v what="$3" -v r="$4" -v t="$5" -v m="$6" -v rg="$7" -v cut="$RG_TIMEOUT" 'BEGIN {
        shown = (t >= cut) ? sprintf("> %d", cut) : sprintf("%.2f", t)
        ratio = (rg == "") ? "" : (rg >= cut) ? sprintf("< %.3f", t / cut) : sprintf("%.2f", t / rg)
        printf "| %d | %d | %s | %s | %s | %s | %d | %.0f | %.0f |\n", n, mb, what, r, shown, ratio, m, n / t, mb / t
    }'
}

printf '| files | MB | command | rules | median s | ratio to rg -f | peak RSS MB | files/s | MB/s |\n'
printf '|---:|---:|---|---:|---:|---:|---:|---:|---:|\n'
for n in $SIZES; do
    tree=$WORK/tree-$n
    [ -d "$tree" ] || "$SYNTH" repo "$tree" --files "$n" >/dev/null
    mb=$(du -sm --apparent-size "$tree" | cut -f1)
    rules1=$("$BIN" rules --format json | grep -c '"id": "[a-z-]*/' || true)
    rules10=$("$BIN" rules --rules "$WORK/pack10.toml" --format json | grep -c '"id": "[a-z-]*/' || true)
    for pack in 1 10; do
        if [ "$pack" = 1 ]; then extra=(); pats=$WORK/patterns.txt; lines=$WORK/lines.txt; rules=$rules1
        else extra=(--rules "$WORK/pack10.toml"); pats=$WORK/patterns10.txt; lines=$WORK/lines10.txt; rules=$rules10; fi
        read -r ours ours_mb < <(measure "$RUNS" "$BIN" check "$tree" --quiet "${extra[@]}")
        read -r rg rg_kb < <(rg_run "$tree" -f "$lines")
        row "$n" "$mb" "readiness check" "$rules" "$ours" "$ours_mb" "$rg"
        row "$n" "$mb" "rg -f ($(wc -l <"$lines") of $(wc -l <"$pats") patterns, line mode)" "$rules" "$rg" "$((rg_kb / 1024))" "$rg"
        if [ "$RG_MULTILINE" = 1 ]; then
            read -r rgu rgu_kb < <(rg_run "$tree" -U --no-unicode -f "$pats")
            row "$n" "$mb" "rg -U -f (all $(wc -l <"$pats") patterns, multi-line)" "$rules" "$rgu" "$((rgu_kb / 1024))" ""
        fi
    done
    read -r fresh fresh_mb < <(measure "$RUNS" "$BIN" check "$tree" --quiet --rules "$WORK/pack10-fresh.toml")
    row "$n" "$mb" "readiness check, 10x rules that never hit" "$rules10" "$fresh" "$fresh_mb" ""
    read -r floor floor_mb < <(measure "$RUNS" rg --hidden -c -F readiness-bench-absent-literal "$tree")
    row "$n" "$mb" "rg read floor (one absent literal)" "" "$floor" "$floor_mb" ""
done
