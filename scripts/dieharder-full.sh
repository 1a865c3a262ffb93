#!/usr/bin/env bash
# Runs the full dieharder battery (dieharder -a) on the engine's counter-based generator, once per mode of
# tools/WorkforceSim.RngStream, and writes one raw log per mode to docs/rng/<mode>.log (see docs/rng-quality.md).
#
#   scripts/dieharder-full.sh                  # all modes, one after another (several hours on 2 cores)
#   scripts/dieharder-full.sh seeds years      # only these modes
#   JOBS=2 scripts/dieharder-full.sh           # two modes at a time
#   SEED=7 WIDTH=16 OUT=/tmp/rng scripts/dieharder-full.sh stream
#
# Needs Debian's dieharder (apt-get install -y dieharder). Each log ends with a line "# finished: <date>"; a log
# without it is from a run that was stopped early. Summarise with: grep -cE 'PASSED|WEAK|FAILED' docs/rng/*.log
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dieharder >/dev/null || { echo "dieharder is not installed (apt-get install -y dieharder)" >&2; exit 2; }
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(stream seeds years replications teachers purposes)
out=${OUT:-docs/rng}
jobs=${JOBS:-1}
mkdir -p "$out"

dotnet build tools/WorkforceSim.RngStream -c Release -nologo -v q >/dev/null
dll=tools/WorkforceSim.RngStream/bin/Release/net10.0/wsim-rngstream.dll

run_mode() {
  local mode=$1 log="$out/$1.log"
  {
    echo "# dieharder -a -g 200 on: dotnet wsim-rngstream.dll $mode --seed ${SEED:-42} --width ${WIDTH:-16}"
    echo "# commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "# started: $(date -u +%FT%TZ)"
  } > "$log"
  dotnet "$dll" "$mode" --seed "${SEED:-42}" --width "${WIDTH:-16}" | dieharder -a -g 200 >> "$log" 2>&1
  echo "# finished: $(date -u +%FT%TZ)" >> "$log"
  echo "$mode: $(grep -c PASSED "$log") passed, $(grep -c WEAK "$log") weak, $(grep -c FAILED "$log") failed"
}

running=0
for mode in "${modes[@]}"; do
  run_mode "$mode" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait
