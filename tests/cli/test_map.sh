# test_map.sh — the steepness map from the command line: render --view map waits for
# and draws the map, sweep --png draws a sweep as the map view (alone or beside its
# CSV), bad views and the map for a lesson without one step are one-line errors, and
# bench --frames --view map reports the passes it saw.
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

# png_size FILE: "WIDTHxHEIGHT" from the PNG header (signature, then IHDR).
png_size() {
    local hex
    [ -f "$1" ] || return 1
    hex=$(od -An -tx1 -N24 "$1" | tr -d ' \n')
    [ "${hex:0:16}" = 89504e470d0a1a0a ] || return 1
    printf '%dx%d' "$((16#${hex:32:8}))" "$((16#${hex:40:8}))"
}

# Lesson 9 with a 40-step limit: the same map, a quicker sweep.
sed 's/^steps = 300$/steps = 40/' "$ASSETS/lessons/09-tune-the-steepness.txt" >"$SCRATCH/short9.txt"

run render --lesson "$SCRATCH/short9.txt" --out "$SCRATCH/map.png"
check "render lesson 9 (opens on the map): exit 0" test "$RC" -eq 0
check "render lesson 9: a 1280x720 PNG" test "$(png_size "$SCRATCH/map.png")" = 1280x720
run render --lesson "$SCRATCH/short9.txt" --view map --size 800x600 --out "$SCRATCH/map2.png"
check "render --view map --size 800x600: exit 0" test "$RC" -eq 0
check "render --view map --size 800x600: 800x600" test "$(png_size "$SCRATCH/map2.png")" = 800x600
run render --lesson "$SCRATCH/short9.txt" --view main --out "$SCRATCH/main.png"
check "render lesson 9 --view main: exit 0" test "$RC" -eq 0
check "the map and the main view differ" test "$(cmp -s "$SCRATCH/map.png" "$SCRATCH/main.png"; echo $?)" -ne 0

run render --view heat --out "$SCRATCH/x.png"
check "render --view heat: exit 2" test "$RC" -eq 2
check "render --view heat: names the value and what is allowed" grep -q -- "unknown view 'heat' (expected main, graph, map, help or lessons)" <<<"$ERR"
run render --lesson "$ASSETS/lessons/06-zero-is-not-nan.txt" --view map --out "$SCRATCH/x.png"
check "render lesson 6 --view map: exit 2" test "$RC" -eq 2
check "render lesson 6 --view map: one line naming the kind" grep -q "needs a lesson about one learnable step.*'nan'" <<<"$ERR"
check "render lesson 6 --view map: no picture" test ! -e "$SCRATCH/x.png"

run sweep --x k:0.25:64:12 --y lr:0.5:100:10 --steps 50 --png "$SCRATCH/sweep.png"
check "sweep --png: exit 0" test "$RC" -eq 0
check "sweep --png: a 1280x720 PNG" test "$(png_size "$SCRATCH/sweep.png")" = 1280x720
check "sweep --png alone: no CSV on stdout" test -z "$OUT"
run sweep --x k:0.25:64:4 --y lr:0.5:100:3 --steps 20 --png "$SCRATCH/sweep2.png" --csv -
check "sweep --png --csv -: exit 0" test "$RC" -eq 0
check "sweep --png --csv -: 12 CSV rows too" test "$(csv_rows)" -eq 12
check "sweep --png --csv -: the PNG too" test "$(png_size "$SCRATCH/sweep2.png")" = 1280x720
run sweep --x w:0.5:8:3 --y lr:1:10:3 --mask smoothstep --steps 10 --png "$SCRATCH/sweep3.png"
check "sweep --png over w: exit 0" test "$RC" -eq 0
run sweep --steps 10 --png "$SCRATCH/no/such/dir/s.png"
check "sweep --png into a missing folder: exit 2" test "$RC" -eq 2

run bench --frames 20 --size 640x360 --view map
check "bench --frames --view map: exit 0" test "$RC" -eq 0
check "bench --view map: frame_p99_ms" grep -q '^frame_p99_ms=' <<<"$OUT"
check "bench --view map: map_passes_shown" grep -q '^map_passes_shown=[0-9]' <<<"$OUT"

finish
