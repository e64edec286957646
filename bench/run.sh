#!/usr/bin/env bash
# progrank benchmark harness (issue 6): one command from a fresh clone.
#
#   bench/run.sh              full run: 1k, 100k, 1M and 5M rows, competitors when installed,
#                             writes bench/RESULTS.md
#   bench/run.sh --install    first installs hyperfine and Miller (apt-get) and DuckDB and
#                             pandas (pip, into bench/out/venv); the only network use
#   bench/run.sh --quick      1k and 100k rows and the 20-row shortlist, no competitors, under
#                             a minute once built; writes bench/out/RESULTS-quick.md so the
#                             committed full figures are not overwritten
#   bench/run.sh --runs N     timed runs per command (default 3; the median is reported);
#                             a command whose first run takes under 0.1 s is timed 30 times
#   bench/run.sh --timer shell     time with the shell clock even when hyperfine is installed
#                             (the fallback used without hyperfine; for checking it)
#   bench/run.sh --max-seconds S   a command whose first run takes longer is not repeated
#                             (default 60), so a slow build cannot hold the machine for long
#
# At 100k and 1M rows the same rows are also timed in the other shapes real spreadsheets
# export (issue 15): `;` with decimal commas, tab, every field quoted, CRLF with a BOM; and
# at 100k rows every output format. Every row of the report has its peak RSS.
# The run fails (exit 1) if any shape takes more than 2× the comma shape's median at the
# same size: one pipeline must keep one pace (the issue 15 guardrail).
#
# Everything generated (inputs, outputs, the venv, raw timings) goes to bench/out/, which is
# gitignored. Inputs are regenerated only when missing or when their SHA-256 differs from
# bench/gen.sha256, and the check fails the run if the generator's bytes ever change.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
out=$root/bench/out
mkdir -p "$out/res"

quick=0
install=0
runs=3
max_seconds=60
timer_choice=auto
command_line="bench/run.sh $*"
while (($#)); do
    case $1 in
        --quick) quick=1 ;;
        --install) install=1 ;;
        --runs)
            runs=${2:?--runs needs a number}
            shift
            ;;
        --max-seconds)
            max_seconds=${2:?--max-seconds needs a number}
            shift
            ;;
        --timer)
            timer_choice=${2:?--timer needs hyperfine or shell}
            shift
            ;;
        -h | --help)
            sed -n '2,20p' "$0"
            exit 0
            ;;
        *)
            echo "unknown option: $1 (see bench/run.sh --help)" >&2
            exit 2
            ;;
    esac
    shift
done

log() { printf '\n== %s\n' "$*" >&2; }

# --- optional installs: the only step that reaches the network -----------------------------
if ((install)); then
    log "installing hyperfine and miller (apt-get)"
    # apt-get needs root; inside a container we usually are, elsewhere sudo if present.
    sudo=""
    if ((EUID != 0)) && command -v sudo > /dev/null; then sudo=sudo; fi
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq hyperfine miller > /dev/null
    log "installing duckdb and pandas into bench/out/venv (pip)"
    python=$(command -v python3.11 || command -v python3)
    [[ -x $out/venv/bin/python ]] || "$python" -m venv "$out/venv"
    "$out/venv/bin/pip" install -q --disable-pip-version-check duckdb pandas
fi

# --- build ---------------------------------------------------------------------------------
log "building release (cargo build --release --locked)"
# The generator and the parse-only baseline are examples so they share the lock file and the
# csv crate version with progrank itself.
cargo build --release --locked --bin progrank --example gen_bench --example parse_only >&2
# Cargo puts the binaries under CARGO_TARGET_DIR when it is set (relative to the root).
target=${CARGO_TARGET_DIR:-target}
[[ $target == /* ]] || target=$root/$target
progrank=$target/release/progrank
gen=$target/release/examples/gen_bench
parse_only=$target/release/examples/parse_only

# --- inputs --------------------------------------------------------------------------------
if ((quick)); then
    sizes=(1k 100k)
else
    sizes=(1k 100k 1M 5M)
fi
rows_of() {
    case $1 in
        20) echo 20 ;;
        1k) echo 1000 ;;
        100k) echo 100000 ;;
        1M) echo 1000000 ;;
        5M) echo 5000000 ;;
    esac
}

shapes=(semicolon tab quoted crlf-bom)
inputs=()
for size in 20 "${sizes[@]}"; do
    inputs+=("$size:comma")
    if [[ $size == 100k || $size == 1M ]]; then
        for shape in "${shapes[@]}"; do inputs+=("$size:$shape"); done
    fi
    # Other data rather than another shape: ratings with two decimals (not a target).
    if [[ $size == 1M ]]; then inputs+=("$size:decimals"); fi
done

log "generating inputs into bench/out/"
for item in "${inputs[@]}"; do
    size=${item%%:*}
    shape=${item#*:}
    if [[ $shape == comma ]]; then file=rows-$size.csv; else file=rows-$size-$shape.csv; fi
    expected=$(awk -v f="$file" '$2 == f { print $1 }' bench/gen.sha256 2> /dev/null || true)
    if [[ -f $out/$file && -n $expected ]] &&
        [[ $(sha256sum "$out/$file" | cut -d' ' -f1) == "$expected" ]]; then
        echo "$file: present, checksum ok" >&2
        continue
    fi
    "$gen" "$(rows_of "$size")" "$out/$file" --shape "$shape"
    actual=$(sha256sum "$out/$file" | cut -d' ' -f1)
    if [[ -z $expected ]]; then
        echo "$file: generated; no checksum in bench/gen.sha256 (add: $actual  $file)" >&2
    elif [[ $actual != "$expected" ]]; then
        echo "$file: checksum $actual differs from bench/gen.sha256: the generator is no longer deterministic or was changed" >&2
        exit 1
    else
        echo "$file: generated, checksum ok" >&2
    fi
done

# --- tools ---------------------------------------------------------------------------------
have_hyperfine=0
if [[ $timer_choice != shell ]] && command -v hyperfine > /dev/null; then have_hyperfine=1; fi
venv_python=$out/venv/bin/python
competitors=()
if ((!quick)); then
    if [[ -x $venv_python ]] && "$venv_python" -c 'import duckdb' 2> /dev/null; then
        competitors+=(duckdb)
    fi
    if [[ -x $venv_python ]] && "$venv_python" -c 'import pandas' 2> /dev/null; then
        competitors+=(pandas)
    fi
    command -v mlr > /dev/null && competitors+=(miller)
fi

# --- timing --------------------------------------------------------------------------------
results=$out/results.tsv
orders=$out/order.tsv
printf 'size\trows\tinput_bytes\twhat\tmedian_s\tpeak_rss_kib\truns\ttimer\n' > "$results"
printf 'size\twhat\tsame_order\n' > "$orders"
skipped=$out/skipped.tsv
printf 'size\twhat\treason\n' > "$skipped"
rss_file=$out/rss.txt
json_file=$out/hyperfine.json

# measure SIZE WHAT CMD...: one run under /usr/bin/time for peak RSS (it doubles as the
# warm-up that puts input and binary in the page cache), then RUNS timed runs. With
# `remove=FILE measure ...` the command's output FILE is deleted before every run, so each
# tool writes a new file: replacing a file instead adds the file system's cost of freeing the
# old one (on this machine about 0.1 s for progrank's 75 MB at 1M rows), which is not the
# tool's work.
#
# Two guards keep a slow build of progrank (or a slow competitor) from taking the machine:
# a command whose RSS at the previous size, scaled by rows, would need more than 70% of the
# memory available now is skipped (and said so in the report); a command whose single run
# took over --max-seconds is not repeated, and that one run is reported (runs = 1).
declare -A prev_rows prev_rss
measure() {
    local size=$1 what=$2
    shift 2
    # `input=FILE measure ...` names an input other than the size's comma file.
    local input=${input:-$out/rows-$size.csv} rows median rss timer n=$runs
    rows=$(rows_of "$size")
    echo "$size: $what" >&2
    if [[ -n ${prev_rss[$what]:-} ]]; then
        # Copied out first: a key such as "parse-only (csv ByteRecord)" cannot go inside $(( )).
        local need avail last_rss=${prev_rss[$what]} last_rows=${prev_rows[$what]}
        need=$((last_rss * rows / last_rows))
        avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
        if ((need * 10 > avail * 7)); then
            echo "  skipped: would need about $((need / 1048576)) GiB, $((avail / 1048576)) GiB available" >&2
            printf '%s\t%s\t%s\n' "$size" "$what" \
                "skipped: scaled from $last_rows rows it would need about $((need / 1048576)) GiB of the $((avail / 1048576)) GiB available" >> "$skipped"
            return 0
        fi
    fi
    local start end single prepare=()
    if [[ -n ${remove:-} ]]; then
        prepare=(--prepare "rm -f $(printf %q "$remove")")
        rm -f "$remove"
    fi
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$rss_file" "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    single=$(((end - start) / 1000000))
    rss=$(tail -n1 "$rss_file")
    prev_rows[$what]=$rows
    prev_rss[$what]=$rss
    # A run of a few milliseconds varies by a millisecond from one run to the next (process
    # start, page faults, the scheduler): a median of three would be mostly noise. Such a
    # command is timed 30 times instead; it costs well under a second.
    if ((single < 100 && n < 30)); then
        n=30
    fi
    if ((single > max_seconds * 1000)); then
        median=$(awk -v ms="$single" 'BEGIN { printf "%.6f", ms / 1000 }')
        timer="single run (over $max_seconds s, not repeated)"
        n=1
    elif ((have_hyperfine)); then
        # -N: no intermediate shell, so even the 5 ms shortlist is timed without shell noise.
        local quoted
        quoted=$(printf '%q ' "$@")
        hyperfine -N --style none --runs "$n" "${prepare[@]}" --export-json "$json_file" "$quoted" > /dev/null 2>&1
        median=$(python3 -c 'import json,sys; print("%.6f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$json_file")
        timer=hyperfine
    else
        # No hyperfine: wall time from the shell clock (ns), median of RUNS. /usr/bin/time's
        # own %e has only centisecond resolution, too coarse for the shortlist.
        local times=()
        for ((i = 0; i < n; i++)); do
            [[ -n ${remove:-} ]] && rm -f "$remove"
            start=$(date +%s%N)
            "$@" > /dev/null 2>&1
            end=$(date +%s%N)
            times+=("$((end - start))")
        done
        median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.6f", a[int((NR + 1) / 2)] / 1e9 }')
        timer="shell clock"
    fi
    echo "  $median s, $((rss / 1024)) MiB" >&2
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$rows" \
        "$(stat -c %s "$input")" "$what" "$median" "$rss" "$n" "$timer" >> "$results"
}

# same_as_comma SIZE WHAT OUT.csv: does progrank's OUT.csv, from the same rows in another
# shape, list the same names, ranks and scores as its output on the comma file? (Each output
# is read in its own dialect: progrank writes CSV in the input's.)
same_as_comma() {
    local same=no
    if python3 bench/same_order.py "$out/res/progrank-$1.csv" "$3"; then
        same=yes
    fi
    printf '%s\t%s\t%s\n' "$1" "$2" "$same" >> "$orders"
}

# check_order SIZE WHAT OUT.csv COMPETITOR.csv: does the competitor list the same names with the same
# ranks in the same order as progrank? (progrank: rank,score,red_flags,name,...; competitors:
# name,score,rank). Scores are not compared: each tool rounds its own way for display.
check_order() {
    local same=no
    if cmp -s <(tail -n +2 "$3" | cut -d, -f1,4) \
        <(tail -n +2 "$4" | awk -F, '{ print $3 "," $1 }'); then
        same=yes
    fi
    printf '%s\t%s\t%s\n' "$1" "$2" "$same" >> "$orders"
}

# How busy the machine is apart from us: CPU time all processes used (/proc/stat) minus what
# our own children used (bash's `times`), over the wall time and cores. Other engineers share
# this machine; above 10% report.py marks the figures provisional.
busy_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
# Sets $ours to our children's CPU seconds. `times` must run in this shell, not in a $(...)
# subshell, whose children counters start at zero.
children_cpu_s() {
    times > "$out/times.txt"
    ours=$(tail -n1 "$out/times.txt" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
}
busy_before=$(busy_jiffies)
children_cpu_s
ours_before=$ours
wall_before=$(date +%s%N)

log "timing (median of $runs; timer: $( ((have_hyperfine)) && echo hyperfine || echo shell clock))"
remove=$out/res/progrank-20.csv measure 20 "progrank rank (20-row shortlist, end to end)" \
    "$progrank" rank "$out/rows-20.csv" -o "$out/res/progrank-20.csv"
for size in "${sizes[@]}"; do
    in=$out/rows-$size.csv
    measure "$size" "parse-only (csv ByteRecord)" "$parse_only" "$in"
    remove=$out/res/progrank-$size.csv measure "$size" "progrank rank" \
        "$progrank" rank "$in" -o "$out/res/progrank-$size.csv"
    remove=$out/res/progrank-top-$size.csv measure "$size" "progrank rank --top 10" \
        "$progrank" rank "$in" --top 10 -o "$out/res/progrank-top-$size.csv"
    if [[ $size == 100k || $size == 1M ]]; then
        # The same rows in the other shapes: one pipeline, so each must keep the comma's pace.
        for shape in "${shapes[@]}"; do
            shaped=$out/rows-$size-$shape.csv
            res=$out/res/progrank-$size-$shape.csv
            input=$shaped remove=$res measure "$size" "progrank rank ($shape)" \
                "$progrank" rank "$shaped" -o "$res"
            same_as_comma "$size" "progrank rank ($shape)" "$res"
            # Issue 15 compares each shape with DuckDB reading the same file.
            if [[ $size == 1M && " ${competitors[*]} " == *" duckdb "* ]]; then
                res=$out/res/duckdb-$size-$shape.csv
                input=$shaped remove=$res measure "$size" "duckdb ($shape)" \
                    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$venv_python" \
                    bench/competitors/duckdb_rank.py "$shaped" "$res"
                check_order "$size" "duckdb ($shape)" "$out/res/progrank-$size.csv" "$res"
            fi
        done
    fi
    if [[ $size == 100k || $size == 1M ]]; then
        # Every output format: memory must stay near the input's size for each. At 1M the
        # process's own few MiB no longer hide what a format holds per row; the slow formats
        # (a 1.6 GB JSON, a 500 MB table) are timed once there, for their memory.
        format_runs=$runs
        [[ $size == 1M ]] && format_runs=1
        for format in json md txt xlsx html; do
            res=$out/res/progrank-$size.$format
            extra=()
            [[ $format == html ]] && extra=(--top 1000)
            runs=$format_runs remove=$res measure "$size" "progrank rank -o .$format${extra:+ --top 1000}" \
                "$progrank" rank "$in" "${extra[@]}" -o "$res"
        done
        if [[ $size == 100k ]]; then
            # The HTML page of every program (no --top: all 100,000 rows, the points chart
            # and the script's data for re-weighing, a 330 MB page), streamed as it is
            # printed. Not a target; its memory must stay near the input's all the same.
            res=$out/res/progrank-$size-all.html
            remove=$res measure "$size" "progrank rank -o .html (every program)" \
                "$progrank" rank "$in" -o "$res"
            rm -f "$res"
            # The same rows as a workbook, the file a user most often has: progrank's own
            # .xlsx output (an earlier run's rank, score and red_flags columns are left out
            # when it is read). Not a target; for reading beside the CSV shapes.
            workbook=$out/rows-$size.xlsx
            cp "$out/res/progrank-$size.xlsx" "$workbook"
            res=$out/res/progrank-$size-xlsx.csv
            input=$workbook remove=$res measure "$size" "progrank rank (.xlsx input)" \
                "$progrank" rank "$workbook" -o "$res"
            same_as_comma "$size" "progrank rank (.xlsx input)" "$res"
        fi
        rm -f "$out/res/progrank-$size".{json,md,txt,xlsx,html}
    fi
    if [[ $size == 1M ]]; then
        # Ratings with two decimals (`3.47`): nearly every program is a ratings tuple of its
        # own, so the work done once per distinct tuple (the score and each criterion's
        # points, the rating-only flags) is done a million times. Not a target; it shows
        # what the per-tuple design costs when nothing is shared.
        res=$out/res/progrank-$size-decimals.csv
        input=$out/rows-$size-decimals.csv remove=$res measure "$size" \
            "progrank rank (two-decimal ratings)" "$progrank" rank "$out/rows-$size-decimals.csv" -o "$res"
        # Hard limits that leave most programs out (a note and a broken limit each).
        res=$out/res/progrank-limits-$size.csv
        remove=$res measure "$size" "progrank rank --max-cost 30000 --max-hours 20" \
            "$progrank" rank "$in" --max-cost 30000 --max-hours 20 -o "$res"
    fi
    # Competitors at 100k and 1M: that is where the targets compare them; at 5M Miller alone
    # would need about 17 GB and minutes per run.
    if [[ $size == 100k || $size == 1M ]]; then
        for c in "${competitors[@]}"; do
            res=$out/res/$c-$size.csv
            case $c in
                # OPENBLAS_* are set on some machines for old OpenBLAS builds and slow a
                # current numpy; unset for these commands only.
                duckdb) cmd=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$venv_python" bench/competitors/duckdb_rank.py "$in" "$res") ;;
                pandas) cmd=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$venv_python" bench/competitors/pandas_rank.py "$in" "$res") ;;
                miller) cmd=(bench/competitors/miller_rank.sh "$in" "$res") ;;
            esac
            remove=$res measure "$size" "$c" "${cmd[@]}"
            check_order "$size" "$c" "$out/res/progrank-$size.csv" "$res"
        done
    fi
done

# Issue 15: `sensitivity` on 1,000 programs with 10,000 Monte Carlo samples (the shortlist
# bench/sensitivity.sh times on its own).
bench/sensitivity.sh --write-input "$out/sensitivity-1k.csv" 1000
input=$out/sensitivity-1k.csv measure 1k "progrank sensitivity (10,000 samples)" \
    "$progrank" sensitivity "$out/sensitivity-1k.csv" --samples 10000 --format json

# --- report --------------------------------------------------------------------------------
children_cpu_s
other_cpu=$(awk -v b0="$busy_before" -v b1="$(busy_jiffies)" -v o0="$ours_before" \
    -v o1="$ours" -v w0="$wall_before" -v w1="$(date +%s%N)" -v n="$(nproc)" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN {
        other = (b1 - b0) / hz - (o1 - o0); if (other < 0) other = 0
        printf "%.3f", other / ((w1 - w0) / 1e9 * n) }')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
if ((quick)); then
    report=$out/RESULTS-quick.md
else
    report=$root/bench/RESULTS.md
fi
versions=$(
    # src/ may be older than HEAD (bench-only commits): name both.
    echo "progrank at $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?'), src/ last changed in $(git -C "$root" log -1 --format=%h -- src 2> /dev/null || echo '?') ($(rustc --version))"
    ((have_hyperfine)) && hyperfine --version
    for c in "${competitors[@]}"; do
        case $c in
            duckdb) echo "duckdb $("$venv_python" -c 'import duckdb; print(duckdb.__version__)')" ;;
            pandas) echo "pandas $("$venv_python" -c 'import pandas; print(pandas.__version__)')" ;;
            miller) mlr --version ;;
        esac
    done
)
python3 bench/report.py "$results" "$orders" "$skipped" \
    --command "$command_line" \
    --nproc "$(nproc)" \
    --memory "$(free -h | awk '/^Mem:/ { print $2 " total, " $7 " available" }')" \
    --cpu "$(lscpu 2> /dev/null | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }')" \
    --load "$load_after" \
    --other-cpu "$other_cpu" \
    --versions "$versions" \
    --competitors "$( ((quick)) && echo "none (quick mode)" || echo "${competitors[*]:-}")" \
    > "$report"
cat "$report"
echo >&2
echo "written to ${report#"$root"/}" >&2

# --- the shape gate (issue 15) -------------------------------------------------------------
# One pipeline for every input shape: a shape that takes more than twice the comma file's
# median at the same size fails the benchmark run (exit 1), whatever the machine's speed.
# It is a ratio of two medians from the same run, so a slow or busy machine slows both.
if ! awk -F'\t' '
    NR > 1 && $4 == "progrank rank" { comma[$1] = $5 }
    NR > 1 && $4 ~ /^progrank rank \((semicolon|tab|quoted|crlf-bom)\)$/ { shape[$1 "\t" $4] = $5 }
    END {
        bad = 0
        for (key in shape) {
            split(key, k, "\t")
            if (!(k[1] in comma) || comma[k[1]] <= 0) continue
            ratio = shape[key] / comma[k[1]]
            printf "shape gate: %s, %s: %.2f× the comma shape\n", k[1], k[2], ratio > "/dev/stderr"
            if (ratio > 2) { bad = 1; printf "  FAILED: more than 2× the comma shape\n" > "/dev/stderr" }
        }
        exit bad
    }' "$results"; then
    echo "bench/run.sh: an input shape is more than 2× slower than the comma shape (see above)" >&2
    exit 1
fi
