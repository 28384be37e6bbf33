#!/usr/bin/env bash
# test_bad_input.sh — docs/task.md §8 on the command line: every bad value gets exit status 2,
# nothing on stdout, and one line on stderr that names the value; an unwritable --csv path
# is refused, and an existing CSV is never clobbered by a run that fails.
# Usage: test_bad_input.sh STEPLAB_BINARY ASSET_DIR SCRATCH_DIR
source "$(dirname "$0")/cli_lib.sh"

# refused PATTERN ARGS...: exit 2, empty stdout, one stderr line matching PATTERN
# (an extended regex, case-insensitive): the bad value, or the option and its value.
refused() {
    local name=$1
    shift
    run "$@"
    CHECKS=$((CHECKS + 1))
    if [ "$RC" -ne 2 ]; then
        fail "expected exit status 2"
    elif [ -n "$OUT" ]; then
        fail "expected nothing on stdout"
    elif [ "$(stderr_lines)" -ne 1 ]; then
        fail "expected exactly one line on stderr, got $(stderr_lines)"
    elif ! grep -qiE -- "$name" <<<"$ERR"; then
        fail "the message should name the bad value (match /$name/)"
    fi
}

for cmd in eval train; do
    # out of range
    refused "-0\.5" $cmd --k -0.5
    refused "k\b.*\b0\b" $cmd --k 0
    refused "-2\.5" $cmd --width -2.5
    refused "width\b.*\b0\b" $cmd --width 0
    refused "\bn\b.*\b1\b" $cmd --n 1
    refused "-3" $cmd --n -3
    refused "100000000000" $cmd --n 100000000000
    # NaN and infinity in any number
    refused "nan" $cmd --t nan
    refused "NaN" $cmd --target NaN
    refused "inf" $cmd --k inf
    refused "-inf" $cmd --width -inf
    refused "infinity" $cmd --t infinity
    refused "1e999" $cmd --target 1e999
    # values that do not parse
    refused "abc" $cmd --n abc
    refused "1\.5" $cmd --n 1.5
    refused "1x" $cmd --k 1x
    refused "ten" $cmd --t ten
    refused "xyz" $cmd --seed xyz
    # unknown names and options
    refused "soft" $cmd --mask soft
    refused "square" $cmd --signal square
    refused "--bogus" $cmd --bogus
    refused "--k" $cmd --k
    refused "stray" $cmd stray
done
refused "--json" train --json
refused "rmsprop" train --optimizer rmsprop
refused "-1" train --lr -1
refused "lr\b.*\b0\b" train --lr 0
refused "nan" train --lr nan
refused "inf" train --lr inf
refused "-5" train --steps -5
refused "--steps must be a whole number from 0 to 1000000, got '1000001'" train --steps 1000001
refused "--steps must be a whole number from 0 to 1000000, got '-1'" sweep --steps -1 --k-range 1:1:1 --lr-range 1:1:1
refused "--beta1 must be a finite number in \[0, 1\), got '1'" train --beta1 1
refused "--eps must be a finite number > 0, got '0'" train --optimizer adam --eps 0
refused "--steps" eval --steps 3
refused "many" train --steps many
refused "cosine" train --anneal cosine
refused "k0\b.*\b0\b" train --anneal linear --k0 0 --k1 8
refused "nan" train --anneal geometric --k0 1 --k1 nan
refused "--optimizer" eval --optimizer sgd
refused "frobnicate" frobnicate

# an unwritable --csv path
refused "/nonexistent/dir/x\.csv" train --steps 3 --csv /nonexistent/dir/x.csv

# an existing file is not clobbered when the run fails
keep="$SCRATCH/keep.csv"
printf 'precious,data\n1,2\n' >"$keep"
before=$(cat "$keep")
refused "--bogus" train --csv "$keep" --steps 3 --bogus
check "a failed run leaves the old --csv file intact" test "$(cat "$keep")" = "$before"
refused "-1" train --csv "$keep" --k -1
check "a bad --k leaves the old --csv file intact" test "$(cat "$keep")" = "$before"
refused "nan" train --k nan --csv "$keep"
check "a bad value before --csv leaves the old file intact" test "$(cat "$keep")" = "$before"
check "no temporary files left beside the kept file" test "$(ls -A "$SCRATCH" | grep -v '^\(keep\.csv\|out\|err\)$' | wc -l)" -eq 0

# the same run with good arguments does replace it
run train --csv "$keep" --steps 3
check "a good run replaces the file (exit $RC)" test "$(head -n1 "$keep" | cut -d, -f1-5)" = "step,t,loss,grad,grad_state"

# ---- a value that is not UTF-8 is quoted in the message, as control characters are ------
run eval --k $'\xff'
check "--k 0xff: exit 2" test "$RC" -eq 2
check "--k 0xff: the byte is written \\xff" grep -qF "got '\\xff'" <<<"$ERR"
check "--k 0xff: no raw 0xff byte on stderr" bash -c '! LC_ALL=C grep -q $'"'"'\xff'"'"' "$1"' _ "$SCRATCH/err"

# ---- an option given twice is an error naming it (a lesson file says "k is set twice") ---
run eval --k 1 --k 2
check "--k twice: exit 2" test "$RC" -eq 2
check "--k twice: says so" grep -q "^steplab eval: --k given twice" <<<"$ERR"
run train --steps 3 --lr 1 --steps 4
check "--steps twice: exit 2 and named" bash -c '[ "$1" -eq 2 ] && grep -q -- "--steps given twice" <<<"$2"' _ "$RC" "$ERR"
run eval --json --json
check "--json twice: exit 2 and named" bash -c '[ "$1" -eq 2 ] && grep -q -- "--json given twice" <<<"$2"' _ "$RC" "$ERR"
run sweep --x k:1:2:2 --k-range 1:2:2
check "--x and --k-range: exit 2, both named" bash -c '[ "$1" -eq 2 ] && grep -q -- "--k-range.*--x\|--x.*--k-range" <<<"$2"' _ "$RC" "$ERR"
run eval --lesson 02 --k 4
check "--lesson and --k (a lesson key) is not a repeat: exit 0" test "$RC" -eq 0

finish
