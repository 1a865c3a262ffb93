#!/usr/bin/env bash
# Runs the full dieharder battery (the tests and ntuples of `dieharder -a`, with their default sample counts) on the
# engine's counter-based generator, once per mode of tools/WorkforceSim.RngStream, and writes one log per mode to
# docs/rng/<mode>.log (see docs/rng-quality.md).
#
#   scripts/dieharder-full.sh                  # all modes, one after another (hours on 2 cores)
#   scripts/dieharder-full.sh seeds years      # only these modes
#   JOBS=2 scripts/dieharder-full.sh           # two modes at a time
#   SEED=43 OUT=/tmp/rng scripts/dieharder-full.sh stream
#   nice -n 19 scripts/dieharder-full.sh       # on a shared machine
#   scripts/dieharder-full.sh --recheck        # re-run every WEAK or FAILED test of the logs with another seed
#   scripts/dieharder-full.sh --summary        # PASSED/WEAK/FAILED counts per log
#   scripts/dieharder-full.sh mt19937          # control: dieharder's own Mersenne Twister through the same procedure
#
# The battery is run one test (and ntuple) at a time — `dieharder -g 200 -d D [-n N]`, each on a fresh stream from
# counter 0 — so that a stopped run resumes: a test whose result line is already in the log is skipped. Each log
# ends with "# finished: <date>" once every test is in it. dieharder's advice for a WEAK (or FAILED) result is to
# test again with more or other data: --recheck runs each such test again on the streams of master seed
# RECHECK_SEED (default 43) instead of 42, and appends the results to docs/rng/recheck.log.
# Needs Debian's dieharder (apt-get install -y dieharder).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${OUT:-docs/rng}
seed=${SEED:-42}
width=${WIDTH:-16}
jobs=${JOBS:-1}
recheck_seed=${RECHECK_SEED:-43}
modes_all=(stream teachers seeds years replications purposes)

# The battery of `dieharder -a` (dieharder 3.31.1), in its order: "test-number name [ntuple...]". Tests listed with
# ntuples are run once per ntuple, as -a does.
battery=(
  "0 diehard_birthdays" "1 diehard_operm5" "2 diehard_rank_32x32" "3 diehard_rank_6x8" "4 diehard_bitstream"
  "5 diehard_opso" "6 diehard_oqso" "7 diehard_dna" "8 diehard_count_1s_str" "9 diehard_count_1s_byt"
  "10 diehard_parking_lot" "11 diehard_2dsphere" "12 diehard_3dsphere" "13 diehard_squeeze" "14 diehard_sums"
  "15 diehard_runs" "16 diehard_craps" "17 marsaglia_tsang_gcd" "100 sts_monobit" "101 sts_runs" "102 sts_serial"
  "200 rgb_bitdist $(seq -s ' ' 1 12)" "201 rgb_minimum_distance 2 3 4 5" "202 rgb_permutations 2 3 4 5"
  "203 rgb_lagged_sum $(seq -s ' ' 0 32)" "204 rgb_kstest_test" "205 dab_bytedistrib" "206 dab_dct"
  "207 dab_filltree" "208 dab_filltree2" "209 dab_monobit2"
)

# Result lines only (not comments that mention a word such as WEAK).
result_lines() { grep -E '^ *[a-z0-9_]+\| *[0-9]+\|.*\| *(PASSED|WEAK|FAILED) *$' "$1" || true; }

summary() {
  local log lines
  for log in "$out"/*.log; do
    [ -e "$log" ] || continue
    lines=$(result_lines "$log")
    printf '%s: %s result lines, %s passed, %s weak, %s failed%s\n' "$(basename "$log" .log)" \
      "$(grep -c . <<< "$lines" || true)" "$(grep -c PASSED <<< "$lines" || true)" \
      "$(grep -c WEAK <<< "$lines" || true)" "$(grep -c FAILED <<< "$lines" || true)" \
      "$(grep -q '^# finished' "$log" && echo ', finished' || echo '')"
  done
}
if [ "${1:-}" = --summary ]; then summary; exit 0; fi

command -v dieharder >/dev/null || { echo "dieharder is not installed (apt-get install -y dieharder)" >&2; exit 2; }
dotnet build tools/WorkforceSim.RngStream -c Release -nologo -v q >/dev/null
dll=tools/WorkforceSim.RngStream/bin/Release/net10.0/wsim-rngstream.dll

# dieharder's result lines for one test of one mode, on the streams of master seed $3: `dieharder -g 200 -d D [-n N]`.
# Mode mt19937 is the control: dieharder's own Mersenne Twister (-g 13) seeded with $3, through the same procedure.
run_test() {
  local mode=$1 d=$2 s=$3 n=${4:-}
  if [ "$mode" = mt19937 ]; then
    dieharder -g 13 -S "$s" -d "$d" ${n:+-n "$n"} -D 8 -D 16 -D 32 -D 64 -D 128 -D 256 2>&1
    return
  fi
  dotnet "$dll" "$mode" --seed "$s" --width "$width" \
    | dieharder -g 200 -d "$d" ${n:+-n "$n"} -D 8 -D 16 -D 32 -D 64 -D 128 -D 256 2>&1
}

# The test number of a test name, and whether -a runs it once per ntuple.
test_number() {
  local entry d name ns
  for entry in "${battery[@]}"; do
    read -r d name ns <<< "$entry"
    if [ "$name" = "$1" ]; then echo "$d ${ns:+per-ntuple}"; return 0; fi
  done
  return 1
}

if [ "${1:-}" = --recheck ]; then
  shift
  modes=("$@")
  [ ${#modes[@]} -gt 0 ] || modes=("${modes_all[@]}")
  log="$out/recheck.log"
  [ -e "$log" ] || echo "# WEAK or FAILED results of the battery (seed 42), each test run again on the streams of another master seed" > "$log"
  for mode in "${modes[@]}"; do
    [ -e "$out/$mode.log" ] || continue
    result_lines "$out/$mode.log" | grep -E 'WEAK|FAILED' | while IFS='|' read -r name ntup _ _ p verdict; do
      name=$(echo "$name" | tr -d ' '); ntup=$(echo "$ntup" | tr -d ' ')
      read -r d per <<< "$(test_number "$name")"
      # A test that -a runs once for all its ntuples (sts_serial, dab_monobit2, ...) is re-run once for all of them.
      if [ -n "$per" ]; then key="# $mode $name ntup $ntup"; else key="# $mode $name ntup all"; fi
      grep -qF "$key " "$log" && continue   # already re-checked
      echo "$key (seed 42: p = $(echo "$p" | tr -d ' '), $(echo "$verdict" | tr -d ' ')): dieharder -g 200 -d $d${per:+ -n $ntup} on seed $recheck_seed" >> "$log"
      run_test "$mode" "$d" "$recheck_seed" ${per:+"$ntup"} < /dev/null >> "$log"
    done
  done
  echo "# finished: $(date -u +%FT%TZ)" >> "$log"
  echo "re-checks: $(result_lines "$log" | grep -c PASSED || true) passed, $(result_lines "$log" | grep -c WEAK || true) weak, $(result_lines "$log" | grep -c FAILED || true) failed (see $log)"
  exit 0
fi

modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=("${modes_all[@]}")
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# True when the log already holds the result of test NAME at ntuple N (any ntuple when N is empty).
done_already() {
  local log=$1 name=$2 n=$3
  if [ -z "$n" ]; then grep -qE "^ *$name\|" "$log"; else grep -qE "^ *$name\| *$n\|" "$log"; fi
}

run_one() {
  local mode=$1 log=$2 d=$3 name=$4 n=$5 started part="$tmp/$1.part"
  done_already "$log" "$name" "$n" && return 0
  started=$(date +%s)
  run_test "$mode" "$d" "$seed" "$n" > "$part"
  grep -qE "^ *$name\|" "$part" || { cat "$part" >&2; echo "$mode: dieharder -d $d gave no result" >&2; return 1; }
  cat "$part" >> "$log"
  local gen="-g 200"; [ "$mode" = mt19937 ] && gen="-g 13 -S $seed"
  echo "# ^ dieharder $gen -d $d${n:+ -n $n}: $(( $(date +%s) - started )) s, $(date -u +%FT%TZ)" >> "$log"
}

run_mode() {
  local mode=$1 log="$out/$1.log" entry d name ns n
  if [ ! -e "$log" ]; then
    {
      if [ "$mode" = mt19937 ]; then
        echo "# dieharder 3.31.1 battery (the tests and ntuples of dieharder -a), each test: dieharder -g 13 -S $seed -d D [-n N] (control: dieharder's Mersenne Twister)"
      else
        echo "# dieharder 3.31.1 battery (the tests and ntuples of dieharder -a), each test: dotnet wsim-rngstream.dll $mode --seed $seed --width $width | dieharder -g 200 -d D [-n N]"
      fi
      echo "# commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
      echo "# started: $(date -u +%FT%TZ)"
      echo "        test_name   |ntup| tsamples |psamples|  p-value |Assessment"
    } > "$log"
  elif grep -q '^# finished' "$log"; then
    summary | grep "^$mode:"
    return 0
  else
    echo "# resumed: $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" >> "$log"
  fi
  for entry in "${battery[@]}"; do
    read -r d name ns <<< "$entry"
    if [ -z "${ns:-}" ]; then
      run_one "$mode" "$log" "$d" "$name" ""
    else
      for n in $ns; do run_one "$mode" "$log" "$d" "$name" "$n"; done
    fi
  done
  echo "# finished: $(date -u +%FT%TZ)" >> "$log"
  summary | grep "^$mode:"
}

running=0
for mode in "${modes[@]}"; do
  run_mode "$mode" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait
