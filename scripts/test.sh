#!/usr/bin/env bash
# test.sh — the whole test suite from a fresh Debian 12 machine: install what is
# missing, then build and test twice (release with -Werror, and ASan+UBSan), then
# fuzz the lesson parser for a bounded time. Exits non-zero on the first failure.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/deps.sh test
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
echo "== release build and tests" >&2
cmake --workflow --preset release
echo "== ASan + UBSan build and tests" >&2
cmake --workflow --preset asan
echo "== fuzzing the lesson parser" >&2
bash scripts/fuzz.sh "${STEPLAB_FUZZ_SECONDS:-20}"
echo "== all tests passed" >&2
