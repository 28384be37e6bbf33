#!/usr/bin/env bash
# run.sh — install what is missing, build steplab (release), and open the window on
# the first lesson. Extra arguments go to steplab (e.g. --lesson FILE, or a command).
# With no display it says so and how to render headless (steplab render) instead.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/deps.sh run
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" >/dev/null
exec ./build/release/app/steplab "$@"
