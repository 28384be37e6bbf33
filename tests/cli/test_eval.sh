#!/usr/bin/env bash
# test_eval.sh — `steplab eval`: the JSON contract of the README ("The command line") (one object, every key,
# grad null for none), docs/task.md's reference numbers through the command line, the human
# report naming the gradient state, and --help.
# Usage: test_eval.sh STEPLAB_BINARY ASSET_DIR SCRATCH_DIR
source "$(dirname "$0")/cli_lib.sh"

# ---- defaults: one JSON object with every key ------------------------------------------
run eval --json
check "exit status 0" test "$RC" -eq 0
check "stdout is exactly one JSON object" one_json_object
for key in mask n t target k width loss grad grad_state; do
    check "JSON has key \"$key\"" json_has "$key"
done
check "mask is \"logistic\" by default (got '$(json_get mask)')" test "$(json_get mask)" = logistic
check "n is 64 by default (got '$(json_get n)')" exact "$(json_get n)" 64
check "t is 10 by default (got '$(json_get t)')" exact "$(json_get t)" 10
check "target is 40.5 by default (got '$(json_get target)')" exact "$(json_get target)" 40.5
check "k is 1 by default (got '$(json_get k)')" exact "$(json_get k)" 1
check "width is 4 by default (got '$(json_get width)')" exact "$(json_get width)" 4
check "loss 0.4609375 (got '$(json_get loss)')" approx "$(json_get loss)" 0.4609375 1e-5
check "grad -0.0156250037 (got '$(json_get grad)')" approx "$(json_get grad)" -0.0156250037 1e-5
check "grad_state value (got '$(json_get grad_state)')" test "$(json_get grad_state)" = value

# ---- hard: exact loss, grad null, state none --------------------------------------------
run eval --mask hard --json
check "hard: exit status 0" test "$RC" -eq 0
check "hard: one JSON object" one_json_object
check "hard: mask is \"hard\"" test "$(json_get mask)" = hard
check "hard: loss exactly 0.484375 (got '$(json_get loss)')" exact "$(json_get loss)" 0.484375
check "hard: grad is null (got '$(json_get grad)')" test "$(json_get grad)" = null
check "hard: grad_state none (got '$(json_get grad_state)')" test "$(json_get grad_state)" = none

# ---- docs/task.md §5 reference table through every task option -----------------------------------
# mask k width loss grad
while read -r mask k width loss grad; do
    run eval --mask "$mask" --k "$k" --width "$width" --json
    check "$mask k=$k w=$width: exit status 0" test "$RC" -eq 0
    check "$mask k=$k w=$width: loss $loss (got '$(json_get loss)')" approx "$(json_get loss)" "$loss" 1e-5
    check "$mask k=$k w=$width: grad $grad (got '$(json_get grad)')" approx "$(json_get grad)" "$grad" 1e-5
    check "$mask k=$k w=$width: grad_state value" test "$(json_get grad_state)" = value
    check "$mask k=$k w=$width: k echoed (got '$(json_get k)')" exact "$(json_get k)" "$k"
    check "$mask k=$k w=$width: width echoed (got '$(json_get width)')" exact "$(json_get width)" "$width"
done <<'EOF'
logistic 0.5 4 0.445312083 -0.0156245846
logistic 1 4 0.4609375 -0.0156250037
logistic 2 4 0.468734026 -0.0156569108
logistic 8 4 0.47264576 -0.0313338414
logistic 32 4 0.47265625 -0.125
smoothstep 1 1 0.47265625 -0.0234375
smoothstep 1 4 0.468536377 -0.0146484375
smoothstep 1 16 0.444419742 -0.0155639648
ste 1 4 0.484375 -0.0195312537
EOF

run eval --mask logistic --k 32 --json
check "logistic k=32: grad exactly -0.125 (got '$(json_get grad)')" exact "$(json_get grad)" -0.125
run eval --mask smoothstep --width 1 --json
check "smoothstep w=1: grad exactly -0.0234375 (got '$(json_get grad)')" exact "$(json_get grad)" -0.0234375
run eval --mask ste --json
check "ste: loss exactly 0.484375 (the hard forward)" exact "$(json_get loss)" 0.484375

# ---- t, target and n are used and echoed ------------------------------------------------------
run eval --t 40.5 --json
check "--t 40.5: t echoed (got '$(json_get t)')" exact "$(json_get t)" 40.5
check "--t 40.5: the blur floor 0.0057053 (got '$(json_get loss)')" approx "$(json_get loss)" 0.0057053 1e-5
run eval --mask hard --t 10 --target 10 --json
check "--target 10 with hard t=10: loss exactly 0 (got '$(json_get loss)')" exact "$(json_get loss)" 0
check "--target echoed (got '$(json_get target)')" exact "$(json_get target)" 10
run eval --mask hard --n 100 --json
# hard at t=10 against t*=40.5 on N=100: 31 wrong positions of 100
check "--n 100: loss 0.31 (got '$(json_get loss)')" approx "$(json_get loss)" 0.31 1e-6
check "--n echoed (got '$(json_get n)')" exact "$(json_get n)" 100
run eval --n 2 --t 0.5 --target 1.5 --json
check "--n 2 is accepted" test "$RC" -eq 0

# ---- zero is a state of its own: a number, not null --------------------------------------------
run eval --mask smoothstep --t -20 --json
check "smoothstep far outside the band: exit 0" test "$RC" -eq 0
check "smoothstep far outside the band: grad_state zero (got '$(json_get grad_state)')" test "$(json_get grad_state)" = zero
check "smoothstep far outside the band: grad is the number 0 (got '$(json_get grad)')" exact "$(json_get grad)" 0

# ---- signals and seeds ---------------------------------------------------------------------------
run eval --signal noise --seed 3 --json
loss_a=$(json_get loss)
check "--signal noise: exit 0" test "$RC" -eq 0
run eval --signal noise --seed 3 --json
check "--signal noise --seed 3 twice: same loss" test "$(json_get loss)" = "$loss_a"
run eval --signal noise --seed 4 --json
check "--seed 4 differs from --seed 3 ($loss_a)" test "$(json_get loss)" != "$loss_a"
for sig in ones ramp sine noise; do
    run eval --signal "$sig" --json
    check "--signal $sig: exit 0 and a loss" is_number "$(json_get loss)"
done
run eval --signal ramp --json
check "--signal ramp changes the loss from ones' 0.4609375 (got '$(json_get loss)')" \
    test "$(awk -v g="$(json_get loss)" 'BEGIN { print (g + 0 == 0.4609375) }')" = 0

# ---- hardsigmoid ---------------------------------------------------------------------------------
run eval --mask hardsigmoid --t 10.5 --width 4 --json
check "hardsigmoid: exit 0, state value" test "$(json_get grad_state)" = value

# ---- the human report names the state ---------------------------------------------------------------
run eval --mask hard
check "hard report: exit 0" test "$RC" -eq 0
check "hard report is not JSON" test "${OUT:0:1}" != "{"
check "hard report says \"no gradient\"" grep -qi "no gradient" <<<"$OUT$ERR"
run eval
check "logistic report: exit 0" test "$RC" -eq 0
check "logistic report is not JSON" test "${OUT:0:1}" != "{"
check "logistic report mentions the loss" grep -qi "loss" <<<"$OUT"
check "logistic report gives dL/dt (-0.015625...)" grep -Eq -- "-0?\.01562|-1\.5625" <<<"$OUT"
run eval --mask smoothstep --t -20
check "zero report names the state zero" grep -qi "zero" <<<"$OUT$ERR"

# ---- --help ----------------------------------------------------------------------------------------------
run eval --help
check "eval --help: exit 0" test "$RC" -eq 0
for opt in --mask --n --t --target --k --width --signal --seed --json; do
    check "eval --help lists $opt" grep -q -- "$opt\b" <<<"$OUT$ERR"
done
for fam in hard logistic smoothstep hardsigmoid ste; do
    check "eval --help lists the mask $fam" grep -q "$fam" <<<"$OUT$ERR"
done
run --help
check "steplab --help: exit 0" test "$RC" -eq 0
check "steplab --help names eval" grep -q "eval" <<<"$OUT$ERR"
check "steplab --help names train" grep -q "train" <<<"$OUT$ERR"

# ---- tiny widths: the upstream gradient is divided by w, as torch does --------------------
# PyTorch 1.13 float32 gives -1.5625085e38 (w = 1e-40) and -7.8125e36 (w = 2e-39); an
# infinite gradient (w = 1e-45) is written -1e999 with state value; null is for none/nan.
run eval --json --mask hardsigmoid --t 0 --width 1e-40
check "w=1e-40: grad -1.56250846e38 (got '$(json_get grad)')" approx "$(json_get grad)" -1.56250846e38 1e-7
check "w=1e-40: grad_state value" test "$(json_get grad_state)" = value
run eval --json --mask hardsigmoid --t 0 --width 2e-39
check "w=2e-39: grad -7.81249832e36 (got '$(json_get grad)')" approx "$(json_get grad)" -7.81249832e36 1e-7
run eval --json --mask hardsigmoid --t 0 --width 1e-45
check "w=1e-45: one JSON object" one_json_object
check "w=1e-45: an infinite grad is -1e999 (got '$(json_get grad)')" test "$(json_get grad)" = -1e999
check "w=1e-45: grad_state value" test "$(json_get grad_state)" = value

# ---- a finite difference whose h is below t's float32 resolution (docs/task.md §9) ------
# At t = 5e5, t + 0.01 rounds to t: the step is t's spacing 0.03125, said in fd_h and in
# words, and the estimate is the gradient's (about 1e-6), not 0.
run eval --n 1000000 --t 500000 --target 250000.5 --json
check "large t: exit status 0" test "$RC" -eq 0
check "large t: fd_h is t's spacing 0.03125 (got '$(json_get fd_h)')" exact "$(json_get fd_h)" 0.03125
check "large t: fd_grad near grad 1e-6, not 0 (got '$(json_get fd_grad)')" approx "$(json_get fd_grad)" "$(json_get grad)" 0.5
run eval --n 1000000 --t 500000 --target 250000.5
check "large t: the report says h was below t's resolution" grep -q "below t's float32 resolution" <<<"$OUT"
run eval --n 1000000 --t 500000 --target 250000.5 --fd-h 0.25 --json
check "large t, h above the spacing: fd_h kept (got '$(json_get fd_h)')" exact "$(json_get fd_h)" 0.25

# ---- the soft-hard gap is hard_loss - loss on every face (README, docs/map.md) ----------
run eval --k 2
check "eval --k 2: gap hard_loss - loss = +0.0156" grep -q "gap hard - soft 0.0156)" <<<"$OUT"
run eval --k 2 --json
check "eval --k 2 --json: gap 0.0156 (got '$(json_get gap)')" approx "$(json_get gap)" 0.015640974 1e-4

finish
