#!/usr/bin/env bash
# Benchmark: `progrank sensitivity` on 1,000 programs with 10,000 Monte Carlo samples.
#
# Generates a deterministic 1,000-row shortlist (ratings 1-5 from a fixed linear
# congruential sequence, so every run times the same input), builds the release binary,
# and times the default run (perturb mode, 10,000 samples, seed 42) several times.
#
#   bench/sensitivity.sh [PROGRAMS] [SAMPLES] [RUNS]
#   bench/sensitivity.sh --write-input FILE [PROGRAMS]   only write the shortlist
#
# Not a test: the figure depends on the machine. The README quotes the result on the
# 2-core development machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# `bench/sensitivity.sh --write-input FILE [PROGRAMS]` only writes the shortlist to FILE
# (bench/run.sh times the same run with the rest of its figures).
write_only=
if [[ ${1:-} == --write-input ]]; then
  write_only=${2:?--write-input needs a file}
  shift 2
fi
programs=${1:-1000}
samples=${2:-10000}
runs=${3:-5}

if [[ -n $write_only ]]; then
  data=$write_only
else
  cargo build --release --locked --quiet
  bin=target/release/progrank
  data=$(mktemp --suffix=.csv)
  trap 'rm -f "$data"' EXIT
fi

awk -v n="$programs" 'BEGIN {
  print "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name"
  x = 12345
  for (i = 1; i <= n; i++) {
    row = sprintf("Program %04d", i)
    for (j = 0; j < 5; j++) {
      x = (1103515245 * x + 12345) % 2147483648
      row = row "," (int(x / 65536) % 5 + 1)
    }
    print row
  }
}' > "$data"
[[ -z $write_only ]] || exit 0

echo "cores: $(nproc); programs: $programs; samples: $samples"
for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "$bin" sensitivity "$data" --samples "$samples" --format json > /dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v r="$run" 'BEGIN { printf "run %d: %.3f s\n", r, e - s }'
done
