# test_render_lessons.sh — render, eval --lesson, sweep, bench arguments and the
# window without a display, through the real binary.
# Usage (from CTest): bash test_render_lessons.sh STEPLAB_BINARY ASSET_DIR SCRATCH_DIR
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

# png_size FILE: "WIDTHxHEIGHT" from the PNG header (signature, then IHDR).
png_size() {
    local hex
    hex=$(od -An -tx1 -N24 "$1" | tr -d ' \n')
    [ "${hex:0:16}" = 89504e470d0a1a0a ] || return 1
    printf '%dx%d' "$((16#${hex:32:8}))" "$((16#${hex:40:8}))"
}

# ---- render: every shipped lesson, the size asked for ------------------------------------------------
for lesson in "$ASSETS"/lessons/*.txt; do
    name=$(basename "$lesson" .txt)
    if grep -q '^view = map$' "$lesson"; then
        # A lesson that opens on the map waits for a full sweep of its step limit: a
        # 40-step copy keeps this quick under the sanitizers (test_map.sh covers the map).
        sed 's/^steps = [0-9]*$/steps = 40/' "$lesson" >"$SCRATCH/$name.txt"
        lesson="$SCRATCH/$name.txt"
    fi
    run render --lesson "$lesson" --steps 20 --out "$SCRATCH/$name.png"
    check "render $name: exit 0" test "$RC" -eq 0
    check "render $name: a 1280x720 PNG (got '$(png_size "$SCRATCH/$name.png")')" \
        test "$(png_size "$SCRATCH/$name.png")" = 1280x720
    check "render $name: nothing on stdout" test -z "$OUT"
done
run render --size 800x600 --out "$SCRATCH/small.png"
check "render --size 800x600 gives 800x600 (got '$(png_size "$SCRATCH/small.png")')" test "$(png_size "$SCRATCH/small.png")" = 800x600

# ---- render: bad size and path keep what was there ---------------------------------------------------
printf 'keep me' >"$SCRATCH/old.png"
run render --size 100x100 --out "$SCRATCH/old.png"
check "render --size 100x100: exit 2" test "$RC" -eq 2
check "render --size 100x100: names the value" grep -q "100x100" <<<"$ERR"
check "render --size 100x100: the old file is intact" test "$(cat "$SCRATCH/old.png")" = "keep me"
run render --size 12x --out "$SCRATCH/old.png"
check "render --size 12x: exit 2" test "$RC" -eq 2
run render --out /nonexistent/dir/x.png
check "render to a missing directory: exit 2" test "$RC" -eq 2
check "render to a missing directory: says it cannot write" grep -q "cannot write /nonexistent/dir/x.png" <<<"$ERR"
run render
check "render without --out: exit 2 and says --out is required" test "$RC" -eq 2 -a -n "$(grep -- '--out' <<<"$ERR")"
check "no temporary files are left behind" test -z "$(ls "$SCRATCH" | grep -F '.tmp')"

# ---- what the parser accepts, render draws: huge thresholds and values ---------------------------------
# (threshold = 1e38 once overflowed the curve's sampling: "threshold: bad threshold values")
L7="$ASSETS/lessons/07-thresholds.txt"
n_extreme=0
for set in "threshold = 1e38" "threshold = -3.4e38" "above = 3.4e38|below = -3.4e38" \
           "values = 3.4e38, -3.4e38, 0|threshold = 3.4e38"; do
    n_extreme=$((n_extreme + 1))
    f="$SCRATCH/extreme-$n_extreme.txt"
    cp "$L7" "$f"
    IFS='|' read -ra lines <<<"$set"
    for line in "${lines[@]}"; do sed -i "s/^${line%% =*} = .*/$line/" "$f"; done
    run eval --lesson "$f"
    check "eval a lesson with $set: exit 0" test "$RC" -eq 0
    run render --lesson "$f" --steps 5 --out "$SCRATCH/extreme-$n_extreme.png"
    check "render a lesson with $set: exit 0" test "$RC" -eq 0
    check "render a lesson with $set: a PNG" test "$(png_size "$SCRATCH/extreme-$n_extreme.png")" = 1280x720
done

# ---- eval --lesson: every parameter and the audit ----------------------------------------------------
run eval --lesson "$ASSETS/lessons/01-stuck-step.txt" --json
check "eval --lesson 01 --json: exit 0" test "$RC" -eq 0
# valid_json: $OUT parses as JSON (when jq or python3 is there to say; else it starts as an object)
valid_json() {
    if command -v jq >/dev/null 2>&1; then printf '%s' "$OUT" | jq -e . >/dev/null 2>&1
    elif command -v python3 >/dev/null 2>&1; then printf '%s' "$OUT" | python3 -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null
    else case $OUT in "{"*"}") return 0 ;; *) return 1 ;; esac
    fi
}
check "eval --lesson 01 --json: valid JSON" valid_json
check "eval --lesson 01: the hard t has state none" grep -q '"group": "hard", "param": "t", "value": 10, "loss": 0.484375, "grad": null, "grad_state": "none"' <<<"$OUT"
check "eval --lesson 01: the audit says gradients do not exist" grep -q "Gradients do not exist for 't' in hard" <<<"$OUT"
run eval --lesson "$ASSETS/lessons/06-zero-is-not-nan.txt" --json
check "eval --lesson 06: naive x[9] is nan" grep -q '"group": "naive", "param": "x", "index": 9, "value": 90, "loss": [^,]*, "grad": null, "grad_state": "nan"' <<<"$OUT"
check "eval --lesson 06: the audit names the NaN gradients" grep -q "NaN reached the gradient of 'x' in naive" <<<"$OUT"
printf 'title = Broken\nkind = task\nstepz = 3\n--- page: P\ntext\n' >"$SCRATCH/broken.txt"
run eval --lesson "$SCRATCH/broken.txt"
check "a broken lesson: exit 2" test "$RC" -eq 2
check "a broken lesson: file, line and the unknown key" grep -q "broken.txt:3: unknown key 'stepz'" <<<"$ERR"
check "a broken lesson: nothing on stdout" test -z "$OUT"
run eval --lesson "$SCRATCH/missing.txt"
check "a missing lesson: exit 2, named" test "$RC" -eq 2 -a -n "$(grep -F 'missing.txt' <<<"$ERR")"

# ---- sweep ----------------------------------------------------------------------------------------------
run sweep --k-range 1:4:2 --lr-range 1:10:2 --steps 10 --csv -
check "sweep 2x2: exit 0" test "$RC" -eq 0
check "sweep 2x2: header" test "$(head -n1 <<<"$OUT")" = "k,lr,t,loss,hard_loss,gap,grad,grad_state,verdict,verdict_step,settle_step"
check "sweep 2x2: four rows (got $(csv_rows))" test "$(csv_rows)" -eq 4
check "sweep 2x2: k column is 1,1,4,4" test "$(csv_col 1 | tr '\n' ' ')" = "1 1 4 4 "
run sweep --mask hard --x t0:10:10:1 --lr-range 1:1:1 --steps 10 --csv -
check "sweep on the hard mask: no gradient, t stays" test "$(csv_cell 0 3),$(csv_cell 0 9)" = "10,stalled: no gradient"
run sweep --k-range 0:1:2
check "sweep --k-range 0:1:2: exit 2, names it" test "$RC" -eq 2 -a -n "$(grep -F '0:1:2' <<<"$ERR")"

# ---- bench needs to be told what to measure -------------------------------------------------------------
run bench
check "bench with nothing to measure: exit 2" test "$RC" -eq 2

# ---- the window without a display says how to go headless -----------------------------------------------
run
check "no display: exit 1" test "$RC" -eq 1
check "no display: says steplab render and xvfb-run" grep -q "steplab render.*xvfb-run" <<<"$ERR"

# ---- --scale larger than the layout holds: drawn at the largest, and said on stderr ---------
run render --lesson 02 --scale 4 --out "$SCRATCH/scale4.png"
check "--scale 4: exit 0" test "$RC" -eq 0
check "--scale 4: stderr says it drew at 1.25 and why" grep -q "scale 4 .*1.25" <<<"$ERR"
run render --lesson 02 --scale 1.25 --out "$SCRATCH/scale125.png"
check "--scale 1.25: nothing on stderr" test -z "$ERR"
run render --help
check "render --help says what a --scale above 1.25 does" grep -q "above 1.25" <<<"$OUT"

finish
