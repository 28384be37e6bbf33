#!/usr/bin/env bash
# bench.sh — every performance figure steplab holds itself to, as key=value lines:
# the engine (training steps, the sweep), the window's first picture at N = 10^6 and
# 10^7 (its lesson view and the graph view), frame times of the live window rendered
# headless at four sizes (one line each), start-to-first-picture and peak memory of the
# real window under Xvfb at 1280x720 and at 3840x2160 scale 2, the real window's frame
# times at 1920x1080 (paced, presenting included), and peak memory of a headless render.
# Figures, never pass/fail.
# Usage: scripts/bench.sh [BUILD_DIR]   (default build/release; needs xvfb-run for the window)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-$root/build/release}/app/steplab
[ -x "$bin" ] || { echo "bench.sh: build first (cmake --workflow --preset release)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" bench --engine
"$bin" bench --first-picture

# Frame times while training plays, one line per size and presentation scale; min3: each
# frame's fastest of three plays of the same frames (its own cost, the host's
# interruptions of this virtual machine left out).
for spec in 1280x720:1 1920x1080:1 1920x1080:1.5 3840x2160:2; do
  size=${spec%%:*} scale=${spec##*:}
  out=$("$bin" bench --frames 1000 --size "$size" --scale "$scale")
  p50=$(sed -n 's/^frame_p50_ms=//p' <<<"$out")
  p99=$(sed -n 's/^frame_p99_ms=//p' <<<"$out")
  max=$(sed -n 's/^frame_max_ms=//p' <<<"$out")
  m50=$(sed -n 's/^frame_min3_p50_ms=//p' <<<"$out")
  m99=$(sed -n 's/^frame_min3_p99_ms=//p' <<<"$out")
  echo "frame size=$size scale=$scale p50_ms=$p50 p99_ms=$p99 max_ms=$max min3_p50_ms=$m50 min3_p99_ms=$m99"
done

/usr/bin/time -f 'render_peak_rss_kib=%M' "$bin" render --steps 100 --out "$tmp/r.png" 2>&1 | grep '^render_'
/usr/bin/time -f 'render_4k_peak_rss_kib=%M' "$bin" render --steps 100 --size 3840x2160 --scale 2 --out "$tmp/r4k.png" 2>&1 |
  grep '^render_'

if command -v xvfb-run >/dev/null 2>&1; then
  # start to first picture: the shell's clock before exec against the app's clock at its
  # first present; best of 5. The window quits by itself after 120 frames (2 s).
  for spec in 1280x720:1:1280x800 3840x2160:2:3840x2160; do
    size=${spec%%:*} rest=${spec#*:} scale=${rest%%:*} screen=${rest#*:}
    best= rss=
    for _ in 1 2 3 4 5; do
      out=$(xvfb-run -a -s "-screen 0 ${screen}x24" bash -c '
        t0=$(date +%s%N)
        STEPLAB_REPORT_FIRST_FRAME=1 STEPLAB_QUIT_AFTER_FRAMES=120 /usr/bin/time -f "window_peak_rss_kib=%M" "$0" --size "$1" --scale "$2" 2>&1
        echo "t0=$t0"' "$bin" "$size" "$scale")
      t0=$(sed -n 's/^t0=//p' <<<"$out")
      t1=$(sed -n 's/^first_frame_unix_ns=//p' <<<"$out")
      r=$(sed -n 's/^window_peak_rss_kib=//p' <<<"$out")
      ms=$(( (t1 - t0) / 1000000 ))
      if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
      if [ -z "$rss" ] || [ "$r" -gt "$rss" ]; then rss=$r; fi
    done
    echo "window size=$size scale=$scale start_to_first_frame_ms=$best peak_rss_kib=$rss"
  done
  # The real window's frames while training plays, paced at 60 fps as a person sees them
  # (each frame starts from a few idle milliseconds), presenting included: 600 frames.
  out=$(xvfb-run -a -s "-screen 0 1920x1080x24" env STEPLAB_REPORT_FRAMES=1 STEPLAB_QUIT_AFTER_FRAMES=601 \
    "$bin" --size 1920x1080 2>&1)
  echo "window_frames size=1920x1080 p50_ms=$(sed -n 's/^window_frame_p50_ms=//p' <<<"$out")" \
    "p99_ms=$(sed -n 's/^window_frame_p99_ms=//p' <<<"$out")"
else
  echo "bench.sh: xvfb-run not found; skipping the window figures" >&2
fi
