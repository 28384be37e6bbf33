#!/usr/bin/env bash
# test_sweep.sh — `steplab sweep` against `steplab train`: every cell of grids that between
# them reach every verdict (converged, stalled: no gradient, stalled: gradient vanished,
# diverged, step limit) gives train's last row (t, loss, grad, grad_state, to the digit) and
# train's verdict with the step it was reached; the CSV columns; the axes syntax; --lesson for sweep and train; the
# error that names the parameter that matters; --help documenting every column.
# Usage: test_sweep.sh STEPLAB_BINARY ASSET_DIR SCRATCH_DIR
source "$(dirname "$0")/cli_lib.sh"

HEADER_TAIL="t,loss,hard_loss,gap,grad,grad_state,verdict,verdict_step,settle_step"
declare -A SEEN

# csv_rows_of TEXT: data rows of a CSV minus one: the last step S of a train --csv history.
csv_rows_of() { printf '%s\n' "$1" | awk 'NR > 1 && NF > 0' | wc -l | awk '{ print $1 - 1 }'; }

# sweep_vs_train "SHARED OPTIONS" X_OPTION Y_OPTION X_NAME Y_NAME: runs the sweep, then train
# for every cell with the cell's two values, and compares the cell with train's last row.
sweep_vs_train() {
    local shared=$1 xopt=$2 yopt=$3 xname=$4 yname=$5
    # shellcheck disable=SC2086
    run sweep $shared --x "$xopt" --y "$yopt" --csv -
    check "sweep $shared --x $xopt --y $yopt: exit 0" test "$RC" -eq 0
    check "header is $xname,$yname,$HEADER_TAIL (got '$(head -n1 <<<"$OUT")')" \
        test "$(head -n1 <<<"$OUT")" = "$xname,$yname,$HEADER_TAIL"
    local sweep_csv=$OUT rows
    rows=$(csv_rows)
    local flag_x=--$xname flag_y=--$yname
    [ "$xname" = t0 ] && flag_x=--t
    [ "$yname" = t0 ] && flag_y=--t
    [ "$xname" = w ] && flag_x=--width
    [ "$yname" = w ] && flag_y=--width
    local r=0 bad=0
    while [ "$r" -lt "$rows" ]; do
        OUT=$sweep_csv
        local xv yv t loss grad state verdict vstep
        xv=$(csv_cell "$r" 1) yv=$(csv_cell "$r" 2) t=$(csv_cell "$r" 3) loss=$(csv_cell "$r" 4)
        grad=$(csv_cell "$r" 7) state=$(csv_cell "$r" 8) verdict=$(csv_cell "$r" 9) vstep=$(csv_cell "$r" 10)
        SEEN[$verdict]=1
        # shellcheck disable=SC2086
        run train $shared "$flag_x" "$xv" "$flag_y" "$yv" --csv -
        local last said want_verdict want_step
        last=$(printf '%s\n' "$OUT" | awk 'NF > 0' | tail -n1)
        # train's summary ends "loss A -> B (VERDICT at step N[; advice])" or "(step limit)"
        said=$(printf '%s\n' "$ERR" | tail -n1 | sed -n 's/.*loss [^ ]* -> [^ ]* (\(.*\))$/\1/p')
        want_verdict=${said%% at step *}
        want_step=$(sed -n 's/.* at step \([0-9]*\).*/\1/p' <<<"$said")
        [ -z "$want_step" ] && want_step=$(csv_rows_of "$OUT")
        if [ "$RC" -ne 0 ] || [ "$(cut -d, -f2,3,4,5 <<<"$last")" != "$t,$loss,$grad,$state" ] ||
            [ "$want_verdict" != "$verdict" ] || [ "$want_step" != "$vstep" ]; then
            bad=$((bad + 1))
            [ "$bad" -le 3 ] && fail "cell $xname=$xv $yname=$yv: sweep '$t,$loss,$grad,$state' ($verdict at $vstep), train '$last' ($said)"
        fi
        r=$((r + 1))
    done
    CHECKS=$((CHECKS + 1))
    [ "$bad" -eq 0 ] || echo "      $bad of $rows cells differ from train" >&2
}

# ---- every cell equals train --------------------------------------------------------------------
sweep_vs_train "--optimizer momentum --steps 300" k:0.25:64:5 lr:0.1:1000:5 k lr
sweep_vs_train "--mask smoothstep --optimizer adam --steps 200" w:0.5:32:3 lr:0.1:1000:4 w lr
sweep_vs_train "--mask hard --steps 50" t0:0:60:3:lin lr:1:10:2 t0 lr
sweep_vs_train "--optimizer momentum --steps 60" k:1:1000:3 lr:1e30:3e38:3 k lr
sweep_vs_train "--mask ste --signal noise --seed 3 --n 50 --target 30.5 --steps 150" t0:-5:45:3:lin k:0.5:8:3 t0 k
for v in "converged" "stalled: no gradient" "stalled: gradient vanished|stalled: zero gradient" "diverged" "step limit"; do
    CHECKS=$((CHECKS + 1))
    found=
    IFS='|' read -ra alts <<<"$v"
    for a in "${alts[@]}"; do [ -n "${SEEN[$a]:-}" ] && found=1; done
    [ -n "$found" ] || { LAST="the grids above"; RC=0 OUT= ERR=; fail "no cell reached '$v': the grids must show every verdict"; }
done

# ---- the CSV: round-trip values, gap, steps -----------------------------------------------------
run sweep --k-range 1:32:2 --lr-range 10:10:1 --csv -
check "--k-range/--lr-range still work: exit 0" test "$RC" -eq 0
check "k = 1 at lr 10 converges, as train says (got '$(csv_cell 0 9)')" test "$(csv_cell 0 9)" = converged
check "k = 32 at lr 10 stalls, as train says (got '$(csv_cell 1 9)')" test "$(csv_cell 1 9)" = "stalled: gradient vanished"
check "gap = hard_loss - loss (got '$(csv_cell 0 5)' - '$(csv_cell 0 4)' vs '$(csv_cell 0 6)')" \
    awk -v h="$(csv_cell 0 5)" -v l="$(csv_cell 0 4)" -v g="$(csv_cell 0 6)" 'BEGIN { d = h - l - g; exit !(d < 1e-9 && d > -1e-9) }'
check "converged: verdict_step in 1..300 (got '$(csv_cell 0 10)')" test "$(csv_cell 0 10)" -ge 1 -a "$(csv_cell 0 10)" -le 300
check "converged: settle_step in 0..verdict_step (got '$(csv_cell 0 11)')" test "$(csv_cell 0 11)" -ge 0 -a "$(csv_cell 0 11)" -le "$(csv_cell 0 10)"
check "stalled far from t*: settle_step -1 (got '$(csv_cell 1 11)')" test "$(csv_cell 1 11)" = -1
run sweep --x k:0.3:7:3 --y lr:0.1:0.3:1 --steps 5 --csv -
check "swept values at %.9g: k 0.3 (got '$(csv_cell 0 1)')" test "$(csv_cell 0 1)" = 0.300000012
check "a log axis: middle value sqrt(0.3 * 7) (got '$(csv_cell 1 1)')" approx "$(csv_cell 1 1)" 1.44913767 1e-6
check "step limit at the last step (got '$(csv_cell 0 9)' at '$(csv_cell 0 10)')" test "$(csv_cell 0 9),$(csv_cell 0 10)" = "step limit,5"
run sweep --x t0:0:10:3 --y lr:1:2:1 --steps 1 --csv -
check "t0 is linear by default: 0, 5, 10 (got '$(csv_col 1 | tr '\n' ' ')')" test "$(csv_col 1 | tr '\n' ' ')" = "0 5 10 "

# ---- --lesson: sweep and train take a lesson's setup --------------------------------------------
run sweep --lesson "$ASSETS/lessons/05-anneal.txt" --x k1:2:32:2 --y lr:1:10:2 --csv -
check "sweep --lesson (annealing lesson) sweeping k1: exit 0 ($ERR)" test "$RC" -eq 0
check "sweep --lesson: 4 rows (got $(csv_rows))" test "$(csv_rows)" -eq 4
anneal_row=$(printf '%s\n' "$OUT" | sed -n 2p)
run train --lesson "$ASSETS/lessons/05-anneal.txt" --k1 2 --lr 1 --csv -
check "train --lesson with the cell's values ends where the sweep cell does" \
    test "$(printf '%s\n' "$OUT" | awk 'NF > 0' | tail -n1 | cut -d, -f2,3)" = "$(cut -d, -f3,4 <<<"$anneal_row")"
run sweep --lesson "$ASSETS/lessons/05-anneal.txt" --csv -
check "sweeping k with annealing on: exit 2 naming k0 or k1 ($ERR)" test "$RC" -eq 2 -a -n "$(grep -F 'sweep k0 or k1' <<<"$ERR")"

# ---- parameters that do nothing -----------------------------------------------------------------
run sweep --mask smoothstep --csv -
check "k for smoothstep: exit 2, says sweep w ($ERR)" test "$RC" -eq 2 -a -n "$(grep -F 'k does nothing for smoothstep: sweep w' <<<"$ERR")"
run sweep --mask logistic --x w:1:4:2 --csv -
check "w for logistic: exit 2, says sweep k ($ERR)" test "$RC" -eq 2 -a -n "$(grep -F 'w does nothing for logistic: sweep k' <<<"$ERR")"
run sweep --x momentum:0:0.9:2 --csv -
check "momentum with sgd: exit 2, names --optimizer momentum ($ERR)" test "$RC" -eq 2 -a -n "$(grep -F -- '--optimizer momentum' <<<"$ERR")"
run sweep --x k0:1:4:2 --csv -
check "k0 without annealing: exit 2 ($ERR)" test "$RC" -eq 2 -a -n "$(grep -F 'k0 does nothing without annealing' <<<"$ERR")"
run sweep --x lr:1:4:2 --csv -
check "the same parameter on both axes: exit 2 ($ERR)" test "$RC" -eq 2 -a -n "$(grep -F 'both axes sweep lr' <<<"$ERR")"
run sweep --x size:1:4:2
check "unknown parameter: exit 2 naming it ($ERR)" test "$RC" -eq 2 -a -n "$(grep -F "'size'" <<<"$ERR")"
run sweep --x t0:-1:4:2:log
check "a log axis through 0: exit 2 ($ERR)" test "$RC" -eq 2 -a -n "$(grep -F 'log-spaced' <<<"$ERR")"
run sweep --x k:1:4:2:cubic
check "unknown spacing: exit 2 ($ERR)" test "$RC" -eq 2 -a -n "$(grep -F "'cubic'" <<<"$ERR")"
run sweep --x k:1:4
check "missing N: exit 2 ($ERR)" test "$RC" -eq 2 -a -n "$(grep -F 'P:LO:HI:N' <<<"$ERR")"

# ---- a run of 0 steps ends at its step limit, at step 0 --------------------------------------------
run sweep --steps 0 --x k:1:2:2 --y lr:1:2:2 --csv -
check "sweep --steps 0: exit 0" test "$RC" -eq 0
check "sweep --steps 0: every cell says step limit at step 0" \
    test "$(tail -n +2 <<<"$OUT" | cut -d, -f9,10 | sort -u)" = "step limit,0"

# ---- --help documents every column --------------------------------------------------------------
run sweep --help
check "sweep --help: exit 0" test "$RC" -eq 0
for col in t loss hard_loss gap grad grad_state verdict verdict_step settle_step; do
    check "sweep --help documents column $col" grep -Eq "^  $col " <<<"$OUT"
done
check "sweep --help shows --x" grep -Fq -- "--x P:LO:HI:N[:log|lin]" <<<"$OUT"

finish
