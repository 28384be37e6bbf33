#!/usr/bin/env bash
# fuzz.sh — builds the libFuzzer harnesses with clang (-fsanitize=fuzzer,address,undefined)
# and runs each for a bounded time over a copy of its seed corpus, through CTest.
# Usage: scripts/fuzz.sh [SECONDS]   (default 20; env STEPLAB_FUZZ_BUILD sets the build dir)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${STEPLAB_FUZZ_BUILD:-$root/build/fuzz}
seconds=${1:-20}

if ! command -v clang >/dev/null 2>&1; then
  echo "fuzz.sh: clang is needed for libFuzzer (Debian: apt-get install clang)" >&2
  exit 1
fi

cmake -S "$root" -B "$build" \
  -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSTEPLAB_WERROR=ON \
  -DSTEPLAB_BUILD_APP=OFF \
  -DSTEPLAB_FUZZ=ON \
  -DSTEPLAB_FUZZ_SECONDS="$seconds"
cmake --build "$build" -j"$(nproc)" --target fuzz_lesson
ctest --test-dir "$build" -R '^fuzz\.' --output-on-failure
