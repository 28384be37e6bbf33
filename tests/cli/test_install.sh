# test_install.sh — `cmake --install` into a temporary prefix gives a steplab that finds
# its lessons from any working directory, through PREFIX/share/steplab, not the source tree.
# Usage (from CTest): bash test_install.sh STEPLAB_BINARY ASSET_DIR SCRATCH_DIR
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

build_dir=$(cd "$(dirname "$STEPLAB")/.." && pwd)
prefix="$SCRATCH/prefix"
rm -rf "$prefix"
CHECKS=$((CHECKS + 1))
if ! cmake --install "$build_dir" --prefix "$prefix" >"$SCRATCH/install.log" 2>&1; then
    LAST="cmake --install $build_dir --prefix $prefix"
    fail "install failed: $(tail -3 "$SCRATCH/install.log")"
    finish
fi
STEPLAB="$prefix/bin/steplab"
check "the binary is installed" test -x "$STEPLAB"
check "the lessons are installed" test -f "$prefix/share/steplab/lessons/02-soften-it.txt"

# Run from an unrelated directory, with no asset override.
unset STEPLAB_ASSETS
cd /
run --version
check "--version: exit 0" test "$RC" -eq 0
check "--version names the installed lessons, not the source tree" \
    grep -q "lessons: $prefix/bin/../share/steplab/lessons" <<<"$OUT"

run render --lesson 02 --steps 5 --size 640x360 --out "$SCRATCH/installed-02.png"
check "render --lesson 02 from /: exit 0" test "$RC" -eq 0
check "render --lesson 02 writes the picture" test -s "$SCRATCH/installed-02.png"

run eval --lesson 02-soften --json
check "eval --lesson 02-soften: exit 0" test "$RC" -eq 0
check "eval --lesson 02-soften reads the installed file" grep -q "$prefix/bin/../share/steplab/lessons/02-soften-it.txt" <<<"$OUT"

run eval --lesson 0 --json
check "--lesson 0 (every lesson matches): exit 2" test "$RC" -eq 2
check "--lesson 0 says it names more than one lesson" grep -q "more than one lesson" <<<"$ERR"

# The window with no arguments and no display finds the first installed lesson, then
# says how to render headless instead.
run
check "steplab with no display: exit non-zero" test "$RC" -ne 0
check "steplab with no display: says how to render instead" grep -q "render" <<<"$ERR"

# A moved prefix still works: nothing is baked in but the relative path.
mv "$prefix" "$SCRATCH/moved"
STEPLAB="$SCRATCH/moved/bin/steplab"
run --version
check "a moved prefix finds its own lessons" grep -q "lessons: $SCRATCH/moved/bin/../share/steplab/lessons" <<<"$OUT"
rm -rf "$SCRATCH/moved"
finish
