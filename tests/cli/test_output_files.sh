#!/usr/bin/env bash
# test_output_files.sh — docs/task.md §8's "loses nothing" for every file the command line
# writes (render --out, train --csv, sweep --csv): a failed write exits non-zero with one
# line saying why, leaves the old file intact and no temporary behind; a device node or
# a FIFO is written into, never replaced; a symlink keeps pointing at the updated file;
# a 255-byte name works; a writable file in a read-only folder is updated in place; and
# every command checks that its output reached stdout. Errors stay one line whatever the
# user typed, and JSON stays valid UTF-8 whatever the file name.
# Devices are private nodes made with mknod in a scratch folder, never the system's.
# Usage: test_output_files.sh STEPLAB_BINARY ASSET_DIR SCRATCH_DIR
source "$(dirname "$0")/cli_lib.sh"

ASSETS=$(cd "$ASSETS" && pwd)
SCRATCH=$(cd "$SCRATCH" && pwd)
STEPLAB=$(cd "$(dirname "$STEPLAB")" && pwd)/$(basename "$STEPLAB")
D=$(mktemp -d "$SCRATCH/out.XXXXXX")
chmod 755 "$D"
trap 'cd /; chmod -R u+w "$D" 2>/dev/null; rm -rf "$D"' EXIT
cd "$SCRATCH" || exit 1 # whatever a faulty build writes by mistake lands in the scratch folder

# failed_write PATTERN: exit status non-zero, exactly one line on stderr matching PATTERN.
failed_write() {
    CHECKS=$((CHECKS + 1))
    if [ "$RC" -eq 0 ]; then
        fail "expected a non-zero exit status"
    elif [ "$(stderr_lines)" -ne 1 ]; then
        fail "expected exactly one line on stderr, got $(stderr_lines)"
    elif ! grep -qiE -- "$1" <<<"$ERR"; then
        fail "stderr should match /$1/"
    fi
}
# only_files NAME...: the folder $D holds exactly these names (no temporary left).
only_files() {
    test "$(ls -A "$D" | sort | tr '\n' ' ')" = "$(printf '%s\n' "$@" | sort | tr '\n' ' ')"
}
# runlim BLOCKS ARGS...: run with `ulimit -f BLOCKS` (SIGXFSZ left at its default: steplab
# must still report the error and clean up, not die).
runlim() {
    local lim=$1
    shift
    LAST="(ulimit -f $lim; steplab $*)"
    (ulimit -f "$lim"; exec timeout 60 "$STEPLAB" "$@") >"$SCRATCH/out" 2>"$SCRATCH/err" </dev/null
    RC=$?
    OUT=$(cat "$SCRATCH/out")
    ERR=$(cat "$SCRATCH/err")
}

# ---- a write that fails part-way: the old file stays, no temporary, one line ---------------
printf 'OLD\n' >"$D/old.png"
LAST="(ulimit -f 2; trap '' XFSZ; steplab render --size 640x360 --out old.png)"
(ulimit -f 2; trap '' XFSZ; exec timeout 60 "$STEPLAB" render --size 640x360 --out "$D/old.png") \
    >"$SCRATCH/out" 2>"$SCRATCH/err" </dev/null
RC=$?; OUT=$(cat "$SCRATCH/out"); ERR=$(cat "$SCRATCH/err")
failed_write "old\.png.*(too large|File too large)"
check "render over ulimit -f: old.png still holds OLD" test "$(cat "$D/old.png")" = OLD
check "render over ulimit -f: no temporary left" only_files old.png
runlim 2 render --size 640x360 --out "$D/old.png"
failed_write "old\.png"
check "render over ulimit -f without the trap: old.png still holds OLD" test "$(cat "$D/old.png")" = OLD
check "render over ulimit -f without the trap: no temporary left" only_files old.png

printf 'OLD\n' >"$D/old.csv"
runlim 4 train --steps 2000 --csv "$D/old.csv"
failed_write "old\.csv"
check "train --csv over ulimit -f: old.csv intact" test "$(cat "$D/old.csv")" = OLD
check "train --csv over ulimit -f: no success summary" test "$(grep -c "steps of" <<<"$ERR")" -eq 0
check "train --csv over ulimit -f: no temporary left" only_files old.csv old.png
runlim 4 sweep --k-range 1:8:40 --lr-range 1:10:40 --steps 2 --csv "$D/old.csv"
failed_write "old\.csv"
check "sweep --csv over ulimit -f: old.csv intact" test "$(cat "$D/old.csv")" = OLD
check "sweep --csv over ulimit -f: no temporary left" only_files old.csv old.png

# a good run does replace it, whole
run train --steps 3 --csv "$D/old.csv"
check "train --csv: exit 0 ($RC)" test "$RC" -eq 0
check "train --csv: old.csv now header + 4 rows" test "$(wc -l <"$D/old.csv")" -eq 5
run render --size 640x360 --out "$D/old.png"
check "render --out: exit 0 ($RC)" test "$RC" -eq 0
check "render --out: a PNG" test "$(head -c 4 "$D/old.png" | od -An -c | tr -d ' ')" = "211PNG"
check "good runs: no temporary left" only_files old.csv old.png
chmod 0640 "$D/old.csv"
run train --steps 1 --csv "$D/old.csv"
check "a replaced file keeps its permissions (0640)" test "$(stat -c %a "$D/old.csv")" = 640

# ---- device nodes and FIFOs are written into, never replaced ----------------------------------
if mknod "$D/null" c 1 3 2>/dev/null && mknod "$D/full" c 1 7 2>/dev/null; then
    for args in "train --steps 3 --csv" "sweep --k-range 1:2:2 --lr-range 1:2:2 --steps 2 --csv" "render --size 640x360 --out"; do
        run $args "$D/null"
        check "$args <null node>: exit 0 ($RC)" test "$RC" -eq 0
        check "$args <null node>: still a character device" test -c "$D/null"
        run $args "$D/full"
        failed_write "full.*no space left"
        check "$args <full node>: still a character device" test -c "$D/full"
    done
    run train --steps 3 --csv "$D/full"
    check "train --csv <full node>: no success summary" test "$(grep -c "steps of" <<<"$ERR")" -eq 0
    rm -f "$D/null" "$D/full"
else
    echo "note: mknod not permitted here; device-node checks skipped" >&2
fi
mkfifo "$D/fifo"
timeout 60 cat "$D/fifo" >"$D/from-fifo" &
reader=$!
run train --steps 3 --csv "$D/fifo"
# a FIFO replaced by a file would leave the reader waiting for a writer forever
[ -p "$D/fifo" ] || kill "$reader" 2>/dev/null
wait "$reader"
check "train --csv FIFO: exit 0 ($RC)" test "$RC" -eq 0
check "train --csv FIFO: still a FIFO" test -p "$D/fifo"
check "train --csv FIFO: the reader got the header and 4 rows" test "$(wc -l <"$D/from-fifo")" -eq 5
rm -f "$D/fifo" "$D/from-fifo"
# /dev/stdout names this process's stdout: it is a link into /proc, written into, never
# replaced. A private link of the same kind stands in for it (never the system's: an
# implementation that replaces it must not damage the machine).
ln -s /proc/self/fd/1 "$D/stdout-link"
LAST="steplab train --steps 2 --csv <link to /proc/self/fd/1> > file"
timeout 60 "$STEPLAB" train --steps 2 --csv "$D/stdout-link" >"$D/stdout.csv" 2>"$SCRATCH/err" </dev/null
RC=$?; OUT=; ERR=$(cat "$SCRATCH/err")
check "--csv <link to /proc/self/fd/1>: exit 0 ($RC)" test "$RC" -eq 0
check "--csv <link to /proc/self/fd/1>: the CSV reached stdout" test "$(wc -l <"$D/stdout.csv")" -eq 4
check "--csv <link to /proc/self/fd/1>: the link is still a link" test -L "$D/stdout-link"
printf 'KEEP\n' >"$D/stdout.csv"
LAST="steplab train --steps 2 --csv <link to /proc/self/fd/1> >> file"
timeout 60 "$STEPLAB" train --steps 2 --csv "$D/stdout-link" >>"$D/stdout.csv" 2>"$SCRATCH/err" </dev/null
RC=$?; OUT=; ERR=$(cat "$SCRATCH/err")
check "--csv <link to /proc/self/fd/1> >> file: exit 0 ($RC)" test "$RC" -eq 0
check "--csv <link to /proc/self/fd/1> >> file: appended after what was there" \
    test "$(head -n1 "$D/stdout.csv")-$(wc -l <"$D/stdout.csv")" = "KEEP-5"
ln -s /proc/self/fd/3 "$D/fd3-link"
LAST="steplab train --steps 2 --csv <link to /proc/self/fd/3> 3> file"
timeout 60 "$STEPLAB" train --steps 2 --csv "$D/fd3-link" 3>"$D/fd3.csv" >"$SCRATCH/out" 2>"$SCRATCH/err" </dev/null
RC=$?; OUT=$(cat "$SCRATCH/out"); ERR=$(cat "$SCRATCH/err")
check "--csv <link to /proc/self/fd/3>: exit 0 ($RC)" test "$RC" -eq 0
check "--csv <link to /proc/self/fd/3>: the CSV went to descriptor 3" test "$(wc -l <"$D/fd3.csv")" -eq 4
check "--csv <link to /proc/self/fd/3>: nothing on stdout" test -z "$OUT"
rm -f "$D/fd3.csv" "$D/fd3-link"
rm -f "$D/stdout.csv" "$D/stdout-link"
# what cannot be written into is refused clearly
run train --steps 2 --csv "$D"
failed_write "directory"
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$D/sock"
    run train --steps 2 --csv "$D/sock"
    failed_write "socket"
    check "a socket stays a socket" test -S "$D/sock"
    rm -f "$D/sock"
fi

# ---- symlinks: the file it points to is replaced, the link is kept --------------------------------
printf 'old\n' >"$D/target.csv"
ln -s target.csv "$D/link.csv"
run train --steps 2 --csv "$D/link.csv"
check "--csv LINK: exit 0 ($RC)" test "$RC" -eq 0
check "--csv LINK: still a symlink to target.csv" test "$(readlink "$D/link.csv")" = target.csv
check "--csv LINK: target.csv holds the CSV" test "$(wc -l <"$D/target.csv")" -eq 4
rm -f "$D/link.csv" "$D/target.csv"

# ---- file names: the longest legal name works; a read-only file is refused ------------------------
long=$(printf 'n%.0s' $(seq 251)).csv
run train --steps 2 --csv "$D/$long"
check "a 255-byte file name: exit 0 ($RC)" test "$RC" -eq 0
check "a 255-byte file name: written, nothing else left" only_files old.csv old.png "$long"
rm -f "$D/$long"
run train --steps 2 --csv "$D/n$long"
failed_write "too long"

# as an unprivileged user (root ignores permissions): nobody when we are root
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    else
        as_user=(skip)
    fi
fi
run_user() {
    LAST="(as ${as_user[*]:-$(id -un)}) steplab $*"
    "${as_user[@]}" timeout 60 "$STEPLAB" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err" </dev/null
    RC=$?; OUT=$(cat "$SCRATCH/out"); ERR=$(cat "$SCRATCH/err")
}
if [ "${as_user[0]:-}" != skip ] && [ -x "$STEPLAB" ]; then
    mkdir "$D/ro"
    printf 'OLD\n' >"$D/ro/open.csv"; chmod 666 "$D/ro/open.csv"
    printf 'OLD\n' >"$D/ro/shut.csv"; chmod 444 "$D/ro/shut.csv"
    chmod 555 "$D/ro"
    run_user train --steps 2 --csv "$D/ro/open.csv"
    check "a writable file in a read-only folder: exit 0 ($RC)" test "$RC" -eq 0
    check "... updated in place: header + 3 rows" test "$(wc -l <"$D/ro/open.csv")" -eq 4
    check "... nothing else in the folder" test "$(ls -A "$D/ro" | tr '\n' ' ')" = "open.csv shut.csv "
    runlim_user() { (ulimit -f 4; run_user "$@"); }
    printf 'OLD\n' >"$D/ro/open.csv"
    LAST="(ulimit -f 4; as user) steplab train --steps 2000 --csv ro/open.csv"
    (ulimit -f 4; exec "${as_user[@]}" timeout 60 "$STEPLAB" train --steps 2000 --csv "$D/ro/open.csv") \
        >"$SCRATCH/out" 2>"$SCRATCH/err" </dev/null
    RC=$?; OUT=$(cat "$SCRATCH/out"); ERR=$(cat "$SCRATCH/err")
    failed_write "open\.csv"
    check "... in place, a write that does not fit leaves the old content" test "$(cat "$D/ro/open.csv")" = OLD
    run_user train --steps 2 --csv "$D/ro/shut.csv"
    failed_write "shut\.csv.*permission denied"
    check "a read-only file is not replaced" test "$(cat "$D/ro/shut.csv")" = OLD
    run_user train --steps 2 --csv "$D/ro/new.csv"
    failed_write "new\.csv.*permission denied"
    check "no new file in a read-only folder" test ! -e "$D/ro/new.csv"
    chmod 755 "$D/ro"
    rm -rf "$D/ro"
else
    echo "note: cannot run as an unprivileged user; read-only folder checks skipped" >&2
fi

# ---- stdout: every command checks that its output arrived ----------------------------------------
# (a redirect to /dev/full: the shell opens it, nothing is written over it)
lesson="$ASSETS/lessons/01-stuck-step.txt"
while IFS= read -r cmd; do
    LAST="steplab $cmd > /dev/full"
    eval "timeout 300 \"\$STEPLAB\" $cmd" >/dev/full 2>"$SCRATCH/err" </dev/null
    RC=$?; OUT=; ERR=$(cat "$SCRATCH/err")
    failed_write "stdout.*no space left"
    check "$cmd > /dev/full: no success summary" test "$(grep -c "steps of" <<<"$ERR")" -eq 0
done <<EOF_CMDS
eval
eval --json
eval --lesson "$lesson" --json
eval --lesson "$lesson"
--help
--version
train --help
train --steps 3 --csv -
sweep --k-range 1:2:2 --lr-range 1:2:2 --steps 3
render --size 640x360 --out -
bench --engine
EOF_CMDS

# ---- user text in errors stays on one line; JSON stays valid UTF-8 --------------------------------
refused_one_line() {
    CHECKS=$((CHECKS + 1))
    if [ "$RC" -eq 0 ]; then fail "expected a non-zero exit status"
    elif [ "$(stderr_lines)" -ne 1 ]; then fail "expected one line on stderr, got $(stderr_lines)"
    elif ! grep -qF -- "$1" <<<"$ERR"; then fail "stderr should show the text quoted as $1"
    fi
}
run eval $'1\n2'
refused_one_line '1\n2'
run train --k $'3\t\r4'
refused_one_line '3\t\r4'
run train --csv "$D/"$'no\ndir/x.csv' --steps 1
refused_one_line 'no\ndir/x.csv'
run render --size 640x360 --out "$D/"$'a\x1bb/x.png'
refused_one_line 'a\x1bb/x.png'
badlesson="$D/"$'bad\nlesson.txt'
printf 'title = x\nbogus_key = 1\n' >"$badlesson"
run eval --lesson "$badlesson"
refused_one_line 'bad\nlesson.txt'
rm -f "$badlesson"

odd="$D/"$'\xff\xfe-lesson.txt'
cp "$lesson" "$odd"
run eval --lesson "$odd" --json
check "eval --lesson <\\xff\\xfe name> --json: exit 0 ($RC)" test "$RC" -eq 0
valid_utf8() { iconv -f UTF-8 -t UTF-8 <"$SCRATCH/out" >/dev/null 2>&1; }
check "... the output is valid UTF-8" valid_utf8
check "... the bad bytes are written as \\ufffd" grep -qF '\ufffd\ufffd-lesson.txt' "$SCRATCH/out"
if command -v python3 >/dev/null 2>&1; then
    json_ok() { python3 -c 'import json,sys; assert isinstance(json.loads(sys.stdin.buffer.read().decode("utf-8")), dict)' <"$SCRATCH/out"; }
    check "... one JSON object that parses" json_ok
fi
rm -f "$odd"

# ---- the rules are in --help -------------------------------------------------------------------
for cmd in train sweep render; do
    run $cmd --help
    check "$cmd --help: says a device or FIFO is written into, never replaced" grep -q "never replaced" <<<"$OUT"
    check "$cmd --help: says what a symlink gets" grep -q "symlink's target is replaced and the link kept" <<<"$OUT"
    check "$cmd --help: says what a read-only folder gets" grep -q "read-only folder" <<<"$OUT"
done
run train --help
check "train --help: says grad is empty for none and nan" grep -q "grad is empty when grad_state is none or nan" <<<"$OUT"

finish
