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
#   rg -f          `rg -U --no-unicode -c -f PATTERNS TREE`: ripgrep searching the same
#                  content patterns (`readiness rules --patterns`), multi-line as readiness
#                  does; cut off after RG_TIMEOUT seconds
#   rg read floor  `rg -c -F <absent literal> TREE`: ripgrep reading every file once, the
#                  least any content search of the tree can cost
# Needs: cargo, GNU time (/usr/bin/time), and rg (`cargo install ripgrep` if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000"}
RUNS=${RUNS:-5}
RG_TIMEOUT=${RG_TIMEOUT:-600}
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

printf '| files | MB | command | rules | median s | ratio to rg -f | peak RSS MB | files/s | MB/s |\n'
printf '|---:|---:|---|---:|---:|---:|---:|---:|---:|\n'
for n in $SIZES; do
    tree=$WORK/tree-$n
    [ -d "$tree" ] || "$SYNTH" repo "$tree" --files "$n" >/dev/null
    mb=$(du -sm --apparent-size "$tree" | cut -f1)
    rules1=$("$BIN" rules --format json | grep -c '"id": "[a-z-]*/' || true)
    rules10=$("$BIN" rules --rules "$WORK/pack10.toml" --format json | grep -c '"id": "[a-z-]*/' || true)
    for pack in 1 10; do
        if [ "$pack" = 1 ]; then extra=(); pats=$WORK/patterns.txt; rules=$rules1
        else extra=(--rules "$WORK/pack10.toml"); pats=$WORK/patterns10.txt; rules=$rules10; fi
        read -r ours ours_mb < <(measure "$RUNS" "$BIN" check "$tree" --quiet "${extra[@]}")
        # ripgrep with these patterns can take very long: one timed run, cut off.
        "$TIME" -f "%e %M" -o "$WORK/time.out" timeout "$RG_TIMEOUT" \
            rg -U --no-unicode --hidden -c -f "$pats" "$tree" >/dev/null 2>&1 || true
        read -r rg rg_kb < <(tail -1 "$WORK/time.out")
        if awk "BEGIN { exit !($rg >= $RG_TIMEOUT) }"; then rg_shown=">$RG_TIMEOUT"; ratio="<$(awk "BEGIN { printf \"%.3f\", $ours / $RG_TIMEOUT }")"
        else rg_shown=$rg; ratio=$(awk "BEGIN { printf \"%.3f\", $ours / $rg }"); fi
        awk -v n="$n" -v mb="$mb" -v r="$rules" -v t="$ours" -v m="$ours_mb" -v ratio="$ratio" \
            'BEGIN { printf "| %d | %d | readiness check | %d | %.2f | %s | %d | %.0f | %.0f |\n", n, mb, r, t, ratio, m, n / t, mb / t }'
        awk -v n="$n" -v mb="$mb" -v r="$rules" -v t="$rg_shown" -v k="$rg_kb" \
            'BEGIN { printf "| %d | %d | rg -U -f (same patterns) | %d | %s | 1 | %.0f | | |\n", n, mb, r, t, k / 1024 }'
    done
    read -r fresh fresh_mb < <(measure "$RUNS" "$BIN" check "$tree" --quiet --rules "$WORK/pack10-fresh.toml")
    awk -v n="$n" -v mb="$mb" -v r="$rules10" -v t="$fresh" -v m="$fresh_mb" \
        'BEGIN { printf "| %d | %d | readiness check, 10x rules that never hit | %d | %.2f | | %d | %.0f | %.0f |\n", n, mb, r, t, m, n / t, mb / t }'
    read -r floor floor_mb < <(measure "$RUNS" rg --hidden -c -F readiness-bench-absent-literal "$tree")
    awk -v n="$n" -v mb="$mb" -v t="$floor" -v m="$floor_mb" \
        'BEGIN { printf "| %d | %d | rg read floor (one absent literal) | | %.2f | | %d | %.0f | %.0f |\n", n, mb, t, m, n / t, mb / t }'
done
