# cli_lib.sh — shared helpers for the CLI tests (sourced, not a test itself).
# Usage in a test: source this with the three CTest arguments, then `run ARGS...`
# and checks; every failed check prints what it ran and what it saw, and `finish`
# exits 1 if any check failed. Plain bash, grep, sed and awk: no python or jq needed.
set -u

STEPLAB=${1:?usage: $0 STEPLAB_BINARY ASSET_DIR SCRATCH_DIR}
ASSETS=${2:?usage: $0 STEPLAB_BINARY ASSET_DIR SCRATCH_DIR}
SCRATCH=${3:?usage: $0 STEPLAB_BINARY ASSET_DIR SCRATCH_DIR}
export ASSETS
mkdir -p "$SCRATCH" || { echo "cannot create scratch dir $SCRATCH" >&2; exit 1; }
if [ ! -x "$STEPLAB" ]; then
    echo "FAIL: steplab binary $STEPLAB is missing or not executable" >&2
    exit 1
fi

FAILS=0
CHECKS=0
RC=0
OUT=
ERR=
LAST=

# run ARGS...: runs steplab with a time limit; sets RC, OUT (stdout) and ERR (stderr).
run() {
    LAST="steplab $*"
    timeout 60 "$STEPLAB" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err" </dev/null
    RC=$?
    OUT=$(cat "$SCRATCH/out")
    ERR=$(cat "$SCRATCH/err")
}

# fail MESSAGE: records a failed check with the command and what it printed.
fail() {
    FAILS=$((FAILS + 1))
    {
        echo "FAIL: $LAST"
        echo "      $*"
        echo "      exit status $RC"
        [ -n "$OUT" ] && printf '      stdout: %s\n' "$(printf '%s' "$OUT" | head -c 400)"
        [ -n "$ERR" ] && printf '      stderr: %s\n' "$(printf '%s' "$ERR" | head -c 400)"
    } >&2
}

check() { # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1
    shift
    CHECKS=$((CHECKS + 1))
    "$@" || fail "$what"
}

finish() {
    if [ "$FAILS" -gt 0 ]; then
        echo "$FAILS of $CHECKS checks failed" >&2
        exit 1
    fi
    echo "all $CHECKS checks passed"
    exit 0
}

# json_get KEY: the raw value of KEY in the flat JSON object in $OUT (strings unquoted).
# (Pure bash: these run hundreds of times per script.)
json_get() {
    local flat=${OUT//$'\n'/} re="\"$1\"[[:space:]]*:[[:space:]]*(\"[^\"]*\"|[^,}]*)" v
    [[ $flat =~ $re ]] || return 0
    v=${BASH_REMATCH[1]}
    v=${v%"${v##*[![:space:]]}"}
    case $v in \"*\") v=${v#\"} v=${v%\"} ;; esac
    printf '%s' "$v"
}

json_has() {
    local flat=${OUT//$'\n'/} re="\"$1\"[[:space:]]*:"
    [[ $flat =~ $re ]]
}

# is_number TEXT
is_number() { printf '%s' "$1" | grep -Eq '^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$'; }

# approx GOT WANT RELTOL: |GOT - WANT| <= RELTOL * |WANT|, GOT a number.
approx() {
    is_number "$1" || return 1
    awk -v g="$1" -v w="$2" -v r="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; s = w < 0 ? -w : w; exit !(d <= r * s) }'
}

# exact GOT WANT: numerically equal (as doubles), GOT a number.
exact() {
    is_number "$1" || return 1
    awk -v g="$1" -v w="$2" 'BEGIN { exit !(g + 0 == w + 0) }'
}

# one_json_object: $OUT is exactly one JSON object (and valid JSON if jq or python3 can say).
one_json_object() {
    local flat
    flat=$(printf '%s' "$OUT" | tr -d '\n' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
    case $flat in "{"*"}") ;; *) return 1 ;; esac
    [ "$(printf '%s' "$flat" | tr -cd '{' | wc -c)" -eq 1 ] || return 1
    if command -v jq >/dev/null 2>&1; then
        printf '%s' "$OUT" | jq -e 'type == "object"' >/dev/null 2>&1 || return 1
    elif command -v python3 >/dev/null 2>&1; then
        printf '%s' "$OUT" | python3 -c 'import json,sys; assert isinstance(json.load(sys.stdin), dict)' 2>/dev/null || return 1
    fi
    return 0
}

# csv_col N: column N (1-based) of the data rows of the CSV in $OUT, one per line.
csv_col() { printf '%s\n' "$OUT" | awk -F, -v c="$1" 'NR > 1 && NF > 0 { print $c }'; }
csv_rows() { printf '%s\n' "$OUT" | awk 'NR > 1 && NF > 0' | wc -l; }
csv_cell() { printf '%s\n' "$OUT" | awk -F, -v r="$1" -v c="$2" 'NR == r + 2 { print $c }'; } # row r (0-based data row)

stderr_lines() { if [ -z "$ERR" ]; then echo 0; else printf '%s\n' "$ERR" | wc -l; fi; }
