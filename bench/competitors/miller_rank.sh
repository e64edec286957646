#!/usr/bin/env bash
# Miller competitor for bench/run.sh (issue 6): the same job as `progrank rank IN -o OUT`.
# score = 100/365 x sum of weight x (rating - 1)/4 with weights 90/80/75/70/50, sorted by
# score descending then name, shared (competition) ranks, written as CSV name,score,rank.
# The sort key is the exact integer weighted sum, which orders exactly like the decimal
# score (see pandas_rank.py).
# usage: miller_rank.sh IN.csv OUT.csv
set -euo pipefail
in=$1
out=$2
# `then` chains Miller verbs and `$field` is Miller's, not the shell's: shellcheck's
# SC1010 and SC2016 do not apply.
# shellcheck disable=SC1010,SC2016
mlr --icsv --ocsv \
    put '$key = 90*($faculty_quality-1) + 80*($scholarship_support-1) + 75*($funding-1)
              + 70*($schedule_flexibility-1) + 50*($brand_name-1);
         $score = fmtnum($key * 100 / 1460, "%.2f")' \
    then sort -nr key -f name \
    then put 'begin { @n = 0; @rank = 0; @prev = "" }
              @n += 1;
              if (string($key) != @prev) { @rank = @n; @prev = string($key) }
              $rank = @rank' \
    then cut -o -f name,score,rank \
    "$in" > "$out"
