# test_sizes.sh — render and bench --frames at the sizes --help allows, in the views
# --view and --case reach, through the real binary (under ASan in the asan build). The
# full sweep of sizes, scales and views runs in-process in tests/app/test_app_sizes.c.
# Usage (from CTest): bash test_sizes.sh STEPLAB_BINARY ASSET_DIR SCRATCH_DIR
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

png_size() {
    local hex
    hex=$(od -An -tx1 -N24 "$1" | tr -d ' \n')
    [ "${hex:0:16}" = 89504e470d0a1a0a ] || return 1
    printf '%dx%d' "$((16#${hex:32:8}))" "$((16#${hex:40:8}))"
}

differ() { ! cmp -s "$1" "$2"; }

# ---- the issue's reproductions ---------------------------------------------------------------------
run render --size 320x240 --out "$SCRATCH/a.png"
check "render --size 320x240: exit 0" test "$RC" -eq 0
check "render --size 320x240: a 320x240 PNG (got '$(png_size "$SCRATCH/a.png")')" test "$(png_size "$SCRATCH/a.png")" = 320x240
check "render --size 320x240: says on stderr what the picture leaves out (got '$ERR')" grep -q "leaves out [0-9]* part" <<<"$ERR"
run render --out "$SCRATCH/full.png"
check "render at 1280x720 leaves nothing out, and says nothing (got '$ERR')" test -z "$ERR"
run bench --frames 3 --size 400x300
check "bench --frames 3 --size 400x300: exit 0" test "$RC" -eq 0
check "bench --frames 3 --size 400x300: reports 3 frames" grep -qx "frames=3" <<<"$OUT"
check "bench --frames 3: played once (no min3 figures)" test -z "$(grep '^frame_min3' <<<"$OUT")"
# From 100 frames the same frames are played three times and each frame's fastest kept:
# never slower than the first play, frame by frame, so neither are its percentiles.
run bench --frames 100 --size 400x300
check "bench --frames 100: exit 0" test "$RC" -eq 0
val() { sed -n "s/^$1=//p" <<<"$OUT"; }
check "bench --frames 100: frame_min3_p50_ms <= frame_p50_ms ($(val frame_min3_p50_ms) vs $(val frame_p50_ms))" \
    awk -v a="$(val frame_min3_p50_ms)" -v b="$(val frame_p50_ms)" 'BEGIN { exit !(a != "" && a + 0 <= b + 0) }'
check "bench --frames 100: frame_min3_p99_ms <= frame_p99_ms ($(val frame_min3_p99_ms) vs $(val frame_p99_ms))" \
    awk -v a="$(val frame_min3_p99_ms)" -v b="$(val frame_p99_ms)" 'BEGIN { exit !(a != "" && a + 0 <= b + 0) }'

# ---- every lesson at the smallest size, and its graph at an odd one ---------------------------------
for lesson in "$ASSETS"/lessons/*.txt; do
    name=$(basename "$lesson" .txt)
    run render --lesson "$lesson" --size 320x240 --scale 1.25 --out "$SCRATCH/$name-small.png"
    check "render $name at 320x240: exit 0" test "$RC" -eq 0
    run bench --lesson "$lesson" --frames 2 --size 401x333 --view graph
    check "bench $name --view graph at 401x333: exit 0" test "$RC" -eq 0
done
sed 's/^families = .*/families = hard, logistic, smoothstep, hardsigmoid, ste/' "$ASSETS/lessons/02-soften-it.txt" >"$SCRATCH/five.txt"
run render --lesson "$SCRATCH/five.txt" --size 455x540 --out "$SCRATCH/five.png"
check "render with hardsigmoid and ste shown at 455x540: exit 0" test "$RC" -eq 0

# ---- very wide and very tall --------------------------------------------------------------------------
run render --lesson "$ASSETS/lessons/07-thresholds.txt" --size 7680x400 --out "$SCRATCH/wide.png"
check "render 7680x400: a 7680x400 PNG (got '$(png_size "$SCRATCH/wide.png")')" test "$(png_size "$SCRATCH/wide.png")" = 7680x400
run bench --lesson "$ASSETS/lessons/08-per-channel.txt" --frames 2 --size 400x4320 --scale 0.5
check "bench 400x4320 --scale 0.5: exit 0" test "$RC" -eq 0

# ---- --view and --case reach what the keys reach --------------------------------------------------------
L6="$ASSETS/lessons/06-zero-is-not-nan.txt"
for view in main graph help lessons; do
    run render --lesson "$L6" --view "$view" --size 640x360 --out "$SCRATCH/view-$view.png"
    check "render --view $view: exit 0" test "$RC" -eq 0
done
check "--view graph draws something else than main" differ "$SCRATCH/view-main.png" "$SCRATCH/view-graph.png"
# Lesson 6 opens on its graph: --view main is its table all the same, --view graph the graph.
run render --lesson "$L6" --size 640x360 --out "$SCRATCH/view-default.png"
check "lesson 6 opens on its graph: --view graph draws that" cmp -s "$SCRATCH/view-default.png" "$SCRATCH/view-graph.png"
check "--view help draws something else than main" differ "$SCRATCH/view-main.png" "$SCRATCH/view-help.png"
check "--view lessons draws something else than help" differ "$SCRATCH/view-help.png" "$SCRATCH/view-lessons.png"
run render --lesson "$L6" --view graph --case 6 --size 640x360 --out "$SCRATCH/case6.png"
check "render --view graph --case 6: exit 0" test "$RC" -eq 0
check "--case 6 shows another graph than case 1" differ "$SCRATCH/view-graph.png" "$SCRATCH/case6.png"
rm -f "$SCRATCH/nocase.png"
run render --lesson "$ASSETS/lessons/02-soften-it.txt" --case 3 --out "$SCRATCH/nocase.png"
check "--case 3 on a lesson with 2: exit 2" test "$RC" -eq 2
check "--case 3 on a lesson with 2: says how many there are" grep -q "case 3: this lesson has 2 cases" <<<"$ERR"
check "--case 3 on a lesson with 2: no PNG" test ! -e "$SCRATCH/nocase.png"
run render --lesson "$ASSETS/lessons/02-soften-it.txt" --page 3 --size 640x360 --out "$SCRATCH/page3.png"
check "render --page 3: exit 0" test "$RC" -eq 0
run render --lesson "$ASSETS/lessons/02-soften-it.txt" --size 640x360 --out "$SCRATCH/page1.png"
check "--page 3 shows another page than the first" differ "$SCRATCH/page1.png" "$SCRATCH/page3.png"
run render --lesson "$ASSETS/lessons/02-soften-it.txt" --page 6 --out "$SCRATCH/nopage.png"
check "--page 6 on a lesson with 5: exit 2, says how many" test "$RC" -eq 2 -a -n "$(grep -F "page 6: this lesson has 5 pages" <<<"$ERR")"
run render --view graf --out "$SCRATCH/x.png"
check "--view graf: exit 2, names the value" test "$RC" -eq 2 -a -n "$(grep -F "'graf'" <<<"$ERR")"
run render --case 0 --out "$SCRATCH/x.png"
check "--case 0: exit 2" test "$RC" -eq 2
run render --help
check "render --help documents --view" grep -q -- "--view NAME .*graph" <<<"$OUT"
check "render --help documents --case" grep -q -- "--case C" <<<"$OUT"
run bench --help
check "bench --help documents --view" grep -q -- "--view NAME" <<<"$OUT"

finish
