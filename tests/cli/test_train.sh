#!/usr/bin/env bash
# test_train.sh — `steplab train`: the CSV contract of the README ("The command line") (header, rows for steps
# 0..S, each the state before that step's update, grad empty for none), docs/task.md's
# training paragraph through the command line, the hard mask's frozen t with one message
# on stderr, the optimizers' first steps, annealing, --csv FILE, divergence, --help.
# Usage: test_train.sh STEPLAB_BINARY ASSET_DIR SCRATCH_DIR
source "$(dirname "$0")/cli_lib.sh"

# The five original columns first (existing readers keep working), then what the window's
# export (e key) has too: the same header there.
HEADER="step,t,loss,grad,grad_state,k,hard_loss,family"

# ---- SGD lr=10 from t=10, logistic k=1 (docs/task.md §1) -------------------------------------------
run train --optimizer sgd --lr 10 --steps 50 --csv -
check "exit status 0" test "$RC" -eq 0
check "first line is the header $HEADER (got '$(head -n1 <<<"$OUT")')" test "$(head -n1 <<<"$OUT")" = "$HEADER"
check "51 data rows for steps 0..50 (got $(csv_rows))" test "$(csv_rows)" -eq 51
check "step column is 0..50" test "$(csv_col 1 | tr '\n' ' ')" = "$(seq 0 50 | tr '\n' ' ')"
check "every row has 8 fields" test "$(printf '%s\n' "$OUT" | awk -F, 'NF > 0 && NF != 8' | wc -l)" -eq 0
check "k is 1 in every row" test "$(csv_col 6 | awk '$1 + 0 != 1 { bad++ } END { print bad + 0 }')" -eq 0
check "row 0 hard_loss 0.484375 (got '$(csv_cell 0 7)')" exact "$(csv_cell 0 7)" 0.484375
check "family is logistic in every row" test "$(csv_col 8 | grep -vc '^logistic$')" -eq 0
check "row 0 is the start t = 10 (got '$(csv_cell 0 2)')" exact "$(csv_cell 0 2)" 10
check "row 0 loss 0.4609375 (got '$(csv_cell 0 3)')" approx "$(csv_cell 0 3)" 0.4609375 1e-5
check "row 0 grad -0.0156250037 (got '$(csv_cell 0 4)')" approx "$(csv_cell 0 4)" -0.0156250037 1e-5
check "row 0 grad_state value (got '$(csv_cell 0 5)')" test "$(csv_cell 0 5)" = value
check "row 1 t = 10.15625 (got '$(csv_cell 1 2)')" exact "$(csv_cell 1 2)" 10.15625
check "row 50 t = 17.8125 exactly (got '$(csv_cell 50 2)')" exact "$(csv_cell 50 2)" 17.8125
check "every step moves t by exactly 0.15625" test "$(csv_col 2 | awk 'NR > 1 && $1 - p != 0.15625 { bad++ } { p = $1 } END { print bad + 0 }')" -eq 0
check "every row's grad_state is value" test "$(csv_col 5 | grep -vc '^value$')" -eq 0
csv_sgd=$OUT

run train --optimizer sgd --lr 10 --steps 300 --csv -
check "300 steps: 301 rows (got $(csv_rows))" test "$(csv_rows)" -eq 301
check "300 steps: t ≈ 40.4998 (got '$(csv_cell 300 2)')" approx "$(csv_cell 300 2)" 40.4998 1e-5

run train --optimizer sgd --lr 10 --k 32 --steps 20 --csv -
check "k=32: the first step lands on 11.25 (got '$(csv_cell 1 2)')" exact "$(csv_cell 1 2)" 11.25
check "k=32: stalled, t < 11.26 after 20 steps (got '$(csv_cell 20 2)')" \
    awk -v t="$(csv_cell 20 2)" 'BEGIN { exit !(t + 0 >= 11.25 && t + 0 < 11.26) }'

run train --mask smoothstep --width 1 --optimizer sgd --lr 10 --steps 50 --csv -
check "smoothstep w=1: t ≈ 10.456 after 50 steps (got '$(csv_cell 50 2)')" approx "$(csv_cell 50 2)" 10.456 1e-4

# ---- --csv FILE writes the same rows --------------------------------------------------------------
rm -f "$SCRATCH/run.csv"
run train --optimizer sgd --lr 10 --steps 50 --csv "$SCRATCH/run.csv"
check "--csv FILE: exit 0" test "$RC" -eq 0
check "--csv FILE: the file exists" test -f "$SCRATCH/run.csv"
check "--csv FILE: same content as --csv -" test "$(cat "$SCRATCH/run.csv" 2>/dev/null)" = "$csv_sgd"
check "--csv FILE: the CSV is not also on stdout" test "$(grep -c "^$HEADER\$" <<<"$OUT")" -eq 0
check "--csv FILE: no temporary files left beside it" test "$(ls -A "$SCRATCH" | grep -v '^\(run\.csv\|out\|err\)$' | wc -l)" -eq 0
# overwriting an existing file replaces it
printf 'old content\n' >"$SCRATCH/run.csv"
run train --optimizer sgd --lr 10 --steps 3 --csv "$SCRATCH/run.csv"
check "--csv FILE over an old file: exit 0" test "$RC" -eq 0
check "--csv FILE over an old file: replaced by the header and 4 rows" \
    test "$(head -n1 "$SCRATCH/run.csv")-$(wc -l <"$SCRATCH/run.csv")" = "$HEADER-5"

# ---- hard: t never moves, grad empty, state none, one message on stderr -------------------------------
for opt in sgd momentum adam; do
    run train --mask hard --optimizer "$opt" --lr 10 --steps 20 --csv -
    check "hard/$opt: exit status 0" test "$RC" -eq 0
    check "hard/$opt: header" test "$(head -n1 <<<"$OUT")" = "$HEADER"
    check "hard/$opt: 21 rows (got $(csv_rows))" test "$(csv_rows)" -eq 21
    check "hard/$opt: t is 10 in every row" test "$(csv_col 2 | awk '$1 + 0 != 10 { bad++ } END { print bad + 0 }')" -eq 0
    check "hard/$opt: loss 0.484375 in every row" test "$(csv_col 3 | awk '$1 + 0 != 0.484375 { bad++ } END { print bad + 0 }')" -eq 0
    check "hard/$opt: grad empty in every row" test "$(csv_col 4 | grep -c .)" -eq 0
    check "hard/$opt: grad_state none in every row" test "$(csv_col 5 | grep -vc '^none$')" -eq 0
    check "hard/$opt: stderr says there is no gradient" grep -qi "no gradient" <<<"$ERR"
    # once: not per step — the explanation plus at most a closing summary naming the stop reason
    check "hard/$opt: ... once, not per step (got $(grep -ci "no gradient" <<<"$ERR") lines)" \
        test "$(grep -ci "no gradient" <<<"$ERR")" -le 2
    check "hard/$opt: no stderr line repeats" test -z "$(sort <<<"$ERR" | uniq -d)"
done

# ---- optimizers' first steps on the task (hand values in tests/engine/test_optim.c) ---------------------
run train --optimizer momentum --lr 10 --steps 3 --csv -
check "momentum: 4 rows" test "$(csv_rows)" -eq 4
check "momentum: t1 = 10.15625 (got '$(csv_cell 1 2)')" approx "$(csv_cell 1 2)" 10.15625 1e-6
check "momentum: t2 = 10.453125 (got '$(csv_cell 2 2)')" approx "$(csv_cell 2 2)" 10.453125 1e-6
check "momentum: t3 = 10.8765625 (got '$(csv_cell 3 2)')" approx "$(csv_cell 3 2)" 10.8765625 1e-6
run train --optimizer adam --lr 0.5 --steps 3 --csv -
check "adam: t1 = 10.5, one lr in the direction of -g (got '$(csv_cell 1 2)')" approx "$(csv_cell 1 2)" 10.5 1e-5
check "adam: t2 = 11 (got '$(csv_cell 2 2)')" approx "$(csv_cell 2 2)" 11 1e-5
check "adam: t3 = 11.5 (got '$(csv_cell 3 2)')" approx "$(csv_cell 3 2)" 11.5 1e-5

# ---- annealing: row 0 uses k0, and the run differs from constant k ------------------------------------------
run train --optimizer sgd --lr 10 --steps 10 --anneal linear --k0 32 --k1 1 --csv -
check "anneal linear: exit 0" test "$RC" -eq 0
check "anneal linear: 11 rows" test "$(csv_rows)" -eq 11
check "anneal linear k0=32: row 0 has k=32's grad -0.125 (got '$(csv_cell 0 4)')" exact "$(csv_cell 0 4)" -0.125
check "anneal linear k0=32: row 1 at 11.25 (got '$(csv_cell 1 2)')" exact "$(csv_cell 1 2)" 11.25
check "anneal linear: the k column starts at k0 = 32 (got '$(csv_cell 0 6)')" exact "$(csv_cell 0 6)" 32
check "anneal linear: the k column falls (row 5 '$(csv_cell 5 6)' < 32)" awk -v k="$(csv_cell 5 6)" 'BEGIN { exit !(k + 0 < 32 && k + 0 > 1) }' 
anneal_linear=$OUT
run train --optimizer sgd --lr 10 --steps 10 --anneal geometric --k0 32 --k1 1 --csv -
check "anneal geometric: exit 0" test "$RC" -eq 0
check "anneal geometric k0=32: row 0 grad -0.125 (got '$(csv_cell 0 4)')" exact "$(csv_cell 0 4)" -0.125
check "anneal geometric differs from linear" test "$OUT" != "$anneal_linear"
run train --optimizer sgd --lr 10 --steps 10 --k 32 --csv -
check "annealing differs from constant k=32" test "$OUT" != "$anneal_linear"
run train --optimizer sgd --lr 10 --steps 10 --anneal constant --k 32 --csv -
check "anneal constant: exit 0" test "$RC" -eq 0
check "anneal constant keeps k=32: row 0 grad -0.125 (got '$(csv_cell 0 4)')" exact "$(csv_cell 0 4)" -0.125

# ---- k0 and k1 default to k (docs/lessons.md), on the command line as in a lesson --------------------------------
run train --optimizer sgd --lr 10 --steps 10 --anneal linear --k 32 --k1 1 --csv -
check "anneal linear --k 32 without --k0: row 0 has k=32's grad -0.125 (got '$(csv_cell 0 4)')" exact "$(csv_cell 0 4)" -0.125
check "... and is the run with --k0 32" test "$OUT" = "$anneal_linear"

# ---- --help and the parser read one table: every whole-number range it prints is the one enforced ------------------
run train --help
train_help=$OUT
ranges=0
while read -r opt lo hi; do
    ranges=$((ranges + 1))
    short=(--steps 1) # a short run; --steps itself is given once (twice is an error)
    [ "$opt" = --steps ] && short=()
    run train "$opt" "$((lo - 1))" "${short[@]}"
    check "train $opt $((lo - 1)) is refused, as --help's '$lo to $hi' says (exit $RC)" test "$RC" -eq 2
    check "... with the range in the message" grep -qF "from $lo to $hi, got '$((lo - 1))'" <<<"$ERR"
    run train "$opt" "$((hi + 1))" "${short[@]}"
    check "train $opt $((hi + 1)) is refused (exit $RC)" test "$RC" -eq 2
    run train "$opt" "$lo" "${short[@]}"
    check "train $opt $lo is taken (exit $RC)" test "$RC" -eq 0
done < <(sed -nE 's/^  (--[a-z0-9-]+) [A-Z0-9]+ .* a whole number from ([0-9]+) to ([0-9]+).*/\1 \2 \3/p' <<<"$train_help")
check "train --help prints the ranges of --n, --seed and --steps (got $ranges)" test "$ranges" -ge 3
check "train --help: --steps is 0..1000000, default 300, as in a lesson" \
    grep -qE -- "--steps S +.*a whole number from 0 to 1000000 \(default 300\)" <<<"$train_help"
check "train --help: --k0 defaults to k" grep -qE -- "--k0 K +.*\(default k\)" <<<"$train_help"

# ---- divergence is reported, never a crash ------------------------------------------------------------------------
run train --k 1000 --optimizer momentum --lr 3e38 --steps 10 --csv -
check "divergence: no crash (exit status $RC < 128)" test "$RC" -lt 128
check "divergence: not reported as a bad argument (exit status 2)" test "$RC" -ne 2
check "divergence: stderr says it diverged" grep -qi "diverg" <<<"$ERR"
check "divergence: the CSV header is there" test "$(head -n1 <<<"$OUT")" = "$HEADER"
check "divergence: the CSV still has rows 0..10 (got $(csv_rows) rows)" test "$(csv_rows)" -eq 11
check "divergence: stderr names the step (got: $ERR)" grep -q "(diverged at step 1;" <<<"$ERR"
check "divergence: row 1 holds the infinite t (got '$(csv_cell 1 2)')" test "$(csv_cell 1 2)" = inf

# ---- verdicts: one rule, named with the step it was first reached; rows 0..S always -----------------------------------
# A far-away t that does not move has not diverged: its gradient is exactly 0 (sigma saturates).
run train --t 300 --steps 5 --csv -
check "t=300: rows 0..5 (got $(csv_rows) rows)" test "$(csv_rows)" -eq 6
check "t=300: zero gradient outside 0..N-1 at step 1 (got: $ERR)" \
    grep -q "(stalled: zero gradient (t is outside 0..N-1) at step 1)" <<<"$ERR"
check "t=300: not diverged" bash -c '! grep -qi diverg <<<"$1"' _ "$ERR"
run train --n 2 --steps 10 --csv -
check "n=2: rows 0..10 (got $(csv_rows) rows)" test "$(csv_rows)" -eq 11
check "n=2: both positions are already right: converged at step 1 (got: $ERR)" grep -q "(converged at step 1)" <<<"$ERR"
run train --mask hard --t 300 --steps 3
check "hard, t=300: stalled: no gradient (got: $ERR)" grep -q "(stalled: no gradient at step 1)" <<<"$ERR"
run train --mask ste --t 40.7 --steps 300 --csv -
check "ste at a perfect t (loss 0): converged, rows 0..300 (got $(csv_rows) rows)" test "$(csv_rows)" -eq 301
check "ste at a perfect t: converged at step 1 (got: $ERR)" grep -q "(converged at step 1)" <<<"$ERR"
# A step too small for t's float32 resolution: the gradient is a healthy -0.0156.
run train --lr 1e-30 --steps 20 --csv -
check "lr 1e-30: says the update is below t's resolution (got: $ERR)" \
    grep -q "(stalled: update below t's float32 resolution at step 1)" <<<"$ERR"
check "lr 1e-30: not 'gradient vanished'" bash -c '! grep -q vanished <<<"$1"' _ "$ERR"
run train --k 32 --steps 300 --csv -
check "k=32: stalled: gradient vanished (got: $ERR)" grep -q "(stalled: gradient vanished at step" <<<"$ERR"

# ---- annealing spans --steps: k1 at row S ---------------------------------------------------------------------------
# linear k 1 -> 16 over 10 steps: row 10's gradient is the one at k = 16, as eval says at that t.
run train --anneal linear --k0 1 --k1 16 --steps 10 --csv -
t10=$(csv_cell 10 2)
g10=$(csv_cell 10 4)
run eval --json --k 16 --t "$t10"
check "anneal: row 10 is evaluated at k1 = 16 (grad $g10, eval at k=16 gives $(json_get grad))" \
    test "$g10" = "$(json_get grad)"

# ---- --help ------------------------------------------------------------------------------------------------------
run train --help
check "train --help: exit 0" test "$RC" -eq 0
for opt in --mask --n --t --target --k --width --signal --seed --optimizer --lr --steps --anneal --k0 --k1 --csv; do
    check "train --help lists $opt" grep -q -- "$opt\b" <<<"$OUT$ERR"
done
for name in sgd momentum adam constant linear geometric; do
    check "train --help lists $name" grep -q "$name" <<<"$OUT$ERR"
done


# ---- lesson 7: train and sweep train what the window's main run trains ---------------------
# The lesson's grad_threshold is the window's comparison level (docs/lessons.md): the main
# run has none, so t converges; --grad-threshold thresholds the run, and the verdict names it.
run train --lesson 07
check "lesson 7: exit status 0" test "$RC" -eq 0
check "lesson 7: the main run converges at step 281 as in the window" grep -q "t 10 -> 40.49.*converged at step 281" <<<"$ERR"
run train --lesson 07 --grad-threshold 0.016
check "--grad-threshold 0.016: the verdict names the threshold" grep -q "stalled: gradient below the threshold 0.016 at step 1" <<<"$ERR"
check "--grad-threshold 0.016: no 'zero gradient'" bash -c '! grep -q "zero gradient" <<<"$1"' _ "$ERR"
run train --grad-threshold 0.016 --csv -
check "--grad-threshold: the CSV keeps the task's gradient and its state (got '$(csv_cell 1 4),$(csv_cell 1 5)')" test "$(csv_cell 1 5)" = value
run sweep --lesson 07 --x k:1:1:1 --y lr:10:10:1 --steps 300
check "sweep --lesson 07: converged like train (got '$(csv_cell 0 9)')" test "$(csv_cell 0 9)" = converged
run sweep --lesson 07 --grad-threshold 0.016 --x k:1:1:1 --y lr:10:10:1
check "sweep --grad-threshold 0.016: verdict names the threshold (got '$(csv_cell 0 9)')" test "$(csv_cell 0 9)" = "stalled: gradient below the threshold"

# ---- the summary writes numbers one way: start and end alike, nan as the CSV spells it -----
run train --t -1e6
check "--t -1e6: start and end in one format" grep -q "t -1000000 -> -1000000," <<<"$ERR"
run train --optimizer adam --mask hardsigmoid --width 1e-45 --t 0 --lr 1 --steps 3
check "adam w=1e-45: t ends as nan, never -nan" grep -q "t 0 -> nan," <<<"$ERR"
check "adam w=1e-45: no -nan anywhere" bash -c '! grep -q -- "-nan" <<<"$1"' _ "$ERR"

# ---- a lesson whose runs are not one learnable step: train and sweep say so --------------
for cmd in train sweep; do
    run $cmd --lesson 06
    check "$cmd --lesson 06: exit 2" test "$RC" -eq 2
    check "$cmd --lesson 06: says the lesson trains nothing and where it shows" grep -q "trains nothing.*steplab eval --lesson" <<<"$ERR"
    run $cmd --lesson 08
    check "$cmd --lesson 08: exit 2" test "$RC" -eq 2
    check "$cmd --lesson 08: says it trains channels, and where it shows" grep -q "channels.*steplab render --lesson" <<<"$ERR"
done
run train --lesson 07 --steps 3
check "train --lesson 07 (threshold, its main run is the task): exit 0" test "$RC" -eq 0

finish
