# test_render_gif.sh — `render --gif`: the training run as an animated GIF for slides
# (--every, --fps, --theme), small, written safely; bad values name themselves.
# Usage (from CTest): bash test_render_gif.sh STEPLAB_BINARY ASSET_DIR SCRATCH_DIR
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

# gif_head FILE: "GIF89a WIDTHxHEIGHT" from the header (little-endian sizes).
gif_head() {
    local hex
    hex=$(od -An -tx1 -N10 "$1" | tr -d ' \n')
    [ "${hex:0:12}" = 474946383961 ] || return 1
    printf 'GIF89a %dx%d' "$((16#${hex:14:2}${hex:12:2}))" "$((16#${hex:18:2}${hex:16:2}))"
}

lesson2="$ASSETS/lessons/02-soften-it.txt"
run render --lesson "$lesson2" --steps 300 --every 10 --fps 10 --gif "$SCRATCH/run.gif"
check "render --gif: exit 0" test "$RC" -eq 0
check "render --gif: a 1280x720 GIF89a (got '$(gif_head "$SCRATCH/run.gif")')" \
    test "$(gif_head "$SCRATCH/run.gif")" = "GIF89a 1280x720"
size=$(wc -c <"$SCRATCH/run.gif")
check "render --gif: lesson 2's 300 steps fit a slide (under 1 MB, got $size bytes)" test "$size" -lt 1000000
check "render --gif: no PNG asked, none written" test ! -e "$SCRATCH/run.png"

run render --lesson "$lesson2" --steps 40 --size 640x360 --gif "$SCRATCH/small.gif" --out "$SCRATCH/small.png"
check "render --gif --out --size 640x360: exit 0" test "$RC" -eq 0
check "render --gif --size 640x360: 640x360 (got '$(gif_head "$SCRATCH/small.gif")')" \
    test "$(gif_head "$SCRATCH/small.gif")" = "GIF89a 640x360"
check "render --gif --out: the PNG too" test -s "$SCRATCH/small.png"

run render --lesson "$lesson2" --steps 40 --theme high-contrast --gif "$SCRATCH/hc.gif"
check "render --theme high-contrast --gif: exit 0" test "$RC" -eq 0
check "high contrast draws another picture" test "$(cmp -s "$SCRATCH/hc.gif" "$SCRATCH/run.gif"; echo $?)" -ne 0

# ---- bad values and paths --------------------------------------------------------------------------
run render --gif "$SCRATCH/x.gif" --every 0
check "--every 0: exit 2, names --every" test "$RC" -eq 2 -a -n "$(grep -- '--every' <<<"$ERR")"
run render --gif "$SCRATCH/x.gif" --fps 99
check "--fps 99: exit 2, names --fps" test "$RC" -eq 2 -a -n "$(grep -- '--fps' <<<"$ERR")"
run render --gif "$SCRATCH/x.gif" --theme neon
check "--theme neon: exit 2, names the value" test "$RC" -eq 2 -a -n "$(grep -- 'neon' <<<"$ERR")"
run eval --every 3
check "--every belongs to render only" test "$RC" -eq 2
printf 'keep me' >"$SCRATCH/old.gif"
run render --size 100x100 --gif "$SCRATCH/old.gif"
check "bad size: the old GIF is intact" test "$RC" -eq 2 -a "$(cat "$SCRATCH/old.gif")" = "keep me"
run render --steps 5 --gif /nonexistent/dir/x.gif
check "GIF to a missing directory: exit 2, says it cannot write" \
    test "$RC" -eq 2 -a -n "$(grep 'cannot write /nonexistent/dir/x.gif' <<<"$ERR")"
run render --steps 5
check "render with neither --out nor --gif: exit 2, names both" \
    test "$RC" -eq 2 -a -n "$(grep -- '--gif' <<<"$ERR")"
check "no temporary files are left behind" test -z "$(ls "$SCRATCH" | grep -F '.tmp')"

# ---- a lesson file can ask for the high-contrast theme ----------------------------------------------
sed 's/^title = .*/&\ntheme = high-contrast/' "$lesson2" >"$SCRATCH/hc-lesson.txt"
run render --lesson "$SCRATCH/hc-lesson.txt" --steps 40 --gif "$SCRATCH/hc2.gif"
check "theme = high-contrast in a lesson: exit 0" test "$RC" -eq 0
check "the lesson's theme gives the --theme picture" cmp -s "$SCRATCH/hc2.gif" "$SCRATCH/hc.gif"
sed 's/^title = .*/&\ntheme = loud/' "$lesson2" >"$SCRATCH/bad-theme.txt"
run render --lesson "$SCRATCH/bad-theme.txt" --out "$SCRATCH/x.png"
check "theme = loud: exit 2, the parser names the line and the choices" \
    test "$RC" -eq 2 -a -n "$(grep 'high-contrast' <<<"$ERR")"

finish
