#!/usr/bin/env bash
# run.sh — install what is missing, build steplab (release), and open the window on
# the first lesson. Extra arguments go to steplab (e.g. --lesson FILE, or a command).
# With no display it says so and how to render headless (steplab render) instead.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/deps.sh run
# quiet when all is well, the whole log when something fails
if ! log=$( { cmake --preset release && cmake --build --preset release -j"$(nproc)"; } 2>&1 ); then
  printf '%s\n' "$log" >&2
  echo "run.sh: the build failed (log above)" >&2
  exit 1
fi
exec ./build/release/app/steplab "$@"
