#!/usr/bin/env bash
# bench.sh — every performance figure steplab holds itself to, as key=value lines:
# the engine (training steps, the sweep), frame times of the live window rendered
# headless, start-to-first-picture and peak memory of the real window under Xvfb,
# and peak memory of a headless render. Figures, never pass/fail.
# Usage: scripts/bench.sh [BUILD_DIR]   (default build/release; needs xvfb-run for the window)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-$root/build/release}/app/steplab
[ -x "$bin" ] || { echo "bench.sh: build first (cmake --workflow --preset release)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" bench --engine
"$bin" bench --frames 2000 --size 1280x720

/usr/bin/time -f 'render_peak_rss_kib=%M' "$bin" render --steps 100 --out "$tmp/r.png" 2>&1 | grep '^render_'

if command -v xvfb-run >/dev/null 2>&1; then
  # start to first picture: the shell's clock before exec against the app's clock at its
  # first present; best of 5. The window quits by itself after 120 frames (2 s).
  best=
  for _ in 1 2 3 4 5; do
    out=$(xvfb-run -a -s '-screen 0 1280x800x24' bash -c '
      t0=$(date +%s%N)
      STEPLAB_REPORT_FIRST_FRAME=1 STEPLAB_QUIT_AFTER_FRAMES=120 /usr/bin/time -f "window_peak_rss_kib=%M" "$0" 2>&1
      echo "t0=$t0"' "$bin")
    t0=$(sed -n 's/^t0=//p' <<<"$out")
    t1=$(sed -n 's/^first_frame_unix_ns=//p' <<<"$out")
    rss=$(sed -n 's/^window_peak_rss_kib=//p' <<<"$out")
    ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "window_start_to_first_frame_ms=$best"
  echo "window_peak_rss_kib=$rss"
else
  echo "bench.sh: xvfb-run not found; skipping the window figures" >&2
fi
