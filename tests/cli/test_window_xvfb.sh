# test_window_xvfb.sh — the real window on a private Xvfb display (no window manager):
# a normal quit exits 0 (in the ASan build: with no leak report, third-party leaks being
# suppressed by tests/lsan.supp), and the window survives being resized below its
# 800x540 minimum, which a window manager that ignores the minimum (or none) allows:
# a screenshot (s) taken at 450x540 and at 320x240 shows the app drew at that size; and
# after frames that send only their changed areas to the display, the display shows
# exactly the window's picture.
# Skips (exit 77) when Xvfb or xdotool is not installed.
# Usage (from CTest): bash test_window_xvfb.sh STEPLAB_BINARY ASSET_DIR SCRATCH_DIR
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

for tool in Xvfb xdotool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool is not installed"
        exit 77
    fi
done

SUPP="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lsan.supp"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS="suppressions=$SUPP:print_suppressions=0"
unset SDL_VIDEODRIVER WAYLAND_DISPLAY

# A private display: Xvfb picks a free number itself and writes it to fd 3.
rm -f "$SCRATCH/display"
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$SCRATCH/display" 2>"$SCRATCH/xvfb.err" &
XVFB=$!
APP=
cleanup() {
    [ -n "$APP" ] && kill "$APP" 2>/dev/null
    kill "$XVFB" 2>/dev/null
    wait 2>/dev/null
}
trap cleanup EXIT
for _ in $(seq 1 200); do
    [ -s "$SCRATCH/display" ] && break
    kill -0 "$XVFB" 2>/dev/null || break
    sleep 0.05
done
if [ ! -s "$SCRATCH/display" ]; then
    echo "SKIP: Xvfb did not start: $(head -c 300 "$SCRATCH/xvfb.err")"
    exit 77
fi
export DISPLAY=":$(head -n1 "$SCRATCH/display")"

# wait_for CMD...: retries CMD for up to 30 s (a bound, not a timing under test).
wait_for() {
    for _ in $(seq 1 300); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}

png_size() {
    local hex
    hex=$(od -An -tx1 -N24 "$1" | tr -d ' \n')
    [ "${hex:0:16}" = 89504e470d0a1a0a ] || return 1
    printf '%dx%d' "$((16#${hex:32:8}))" "$((16#${hex:40:8}))"
}

# ---- a normal quit (the frame-count hook sets the same quit flag as q) -------------------------
LAST="STEPLAB_QUIT_AFTER_FRAMES=5 steplab (on $DISPLAY)"
STEPLAB_QUIT_AFTER_FRAMES=5 timeout 120 "$STEPLAB" >"$SCRATCH/out" 2>"$SCRATCH/err" </dev/null
RC=$?
OUT=$(cat "$SCRATCH/out")
ERR=$(cat "$SCRATCH/err")
check "the window quits normally with exit 0" test "$RC" -eq 0
check "no sanitizer or leak report" test -z "$(grep -E 'Sanitizer|leak' <<<"$ERR")"

# ---- resized below the minimum with no window manager, then q ------------------------------------
WIN_DIR="$SCRATCH/window"
rm -rf "$WIN_DIR"
mkdir -p "$WIN_DIR"
(cd "$WIN_DIR" && exec timeout 300 "$STEPLAB" --lesson "$ASSETS/lessons/04-straight-through.txt" \
    >"$SCRATCH/out" 2>"$SCRATCH/err" </dev/null) &
APP=$!
LAST="steplab --lesson 04 (on $DISPLAY), resized with xdotool"
# The visible window titled "steplab ..." (SDL may map a short-lived one first: the newest).
find_window() { WIN=$(xdotool search --onlyvisible --name '^steplab ' 2>/dev/null | tail -n1); [ -n "$WIN" ]; }
# resize_to W H: resizes the window and focuses it; true once the server reports W x H.
resize_to() {
    find_window || return 1
    xdotool windowsize "$WIN" "$1" "$2" 2>/dev/null || return 1
    xdotool getwindowgeometry "$WIN" 2>/dev/null | grep -q "Geometry: $1x$2" || return 1
    xdotool windowfocus --sync "$WIN" 2>/dev/null
}
check "the window appears" wait_for find_window
shot=0
for size in "450 540" "320 240"; do
    set -- $size
    check "the window is resized to $1x$2 (no window manager keeps it at 800x540)" wait_for resize_to "$1" "$2"
    # Lesson 4 shows hard, logistic and ste; 4 adds hardsigmoid (the tightest table).
    [ $shot -eq 0 ] && xdotool key 4
    xdotool key s
    shot=$((shot + 1))
    f=$(printf '%s/steplab-screenshot-%03d.png' "$WIN_DIR" "$shot")
    check "a screenshot at $1x$2 is saved" wait_for test -s "$f"
    check "the screenshot is $1x$2 (got '$(png_size "$f" 2>/dev/null)')" wait_for test "$(png_size "$f" 2>/dev/null)" = "$1x$2"
done
xdotool key q
check "the window quits after q" wait_for eval '! kill -0 $APP 2>/dev/null'
wait "$APP"
RC=$?
APP=
OUT=$(cat "$SCRATCH/out")
ERR=$(cat "$SCRATCH/err")
check "resized below its minimum, the window exits 0" test "$RC" -eq 0
check "no sanitizer or leak report after the resizes" test -z "$(grep -E 'Sanitizer|leak|runtime error' <<<"$ERR")"

# ---- what the display shows is what was drawn ------------------------------------------
# The window sends only the areas drawn since the last frame to the display: after a run
# of frames (training plays, then pauses) the display's copy of the window must equal the
# window's own picture (its screenshot, s), pixel for pixel. Needs ImageMagick.
if command -v import >/dev/null 2>&1 && command -v compare >/dev/null 2>&1; then
    SHOW_DIR="$SCRATCH/shown"
    rm -rf "$SHOW_DIR"
    mkdir -p "$SHOW_DIR"
    (cd "$SHOW_DIR" && exec timeout 300 "$STEPLAB" --size 1280x720 >"$SCRATCH/out" 2>"$SCRATCH/err" </dev/null) &
    APP=$!
    LAST="steplab --size 1280x720 (on $DISPLAY): play, pause, then the display against the screenshot"
    check "the window appears" wait_for find_window
    xdotool windowfocus --sync "$WIN" 2>/dev/null
    sleep 0.5
    import -window "$WIN" "$SHOW_DIR/start.png"
    xdotool key space
    sleep 1.5
    xdotool key space
    sleep 0.5
    import -window "$WIN" "$SHOW_DIR/display.png"
    xdotool key s
    check "a screenshot is saved" wait_for test -s "$SHOW_DIR/steplab-screenshot-001.png"
    DIFF=$(compare -metric AE "$SHOW_DIR/display.png" "$SHOW_DIR/steplab-screenshot-001.png" null: 2>&1)
    check "the display shows the window's picture after partial updates (pixels differing: $DIFF)" test "$DIFF" = 0
    MOVED=$(compare -metric AE "$SHOW_DIR/start.png" "$SHOW_DIR/display.png" null: 2>&1)
    check "training changed the picture in between (pixels differing: $MOVED)" test "$MOVED" != 0
    xdotool key q
    check "the window quits after q" wait_for eval '! kill -0 $APP 2>/dev/null'
    wait "$APP"
    APP=
else
    echo "note: ImageMagick (import, compare) not installed: the display check is left out"
fi

finish
