#!/usr/bin/env bash
# deps.sh — installs, from Debian's packages, whatever steplab needs that is missing.
# Usage: scripts/deps.sh [run|test]   (test adds what the test suite needs: cmocka, clang,
# and Xvfb with xdotool and ImageMagick for the real-window test)
# Needs root (or sudo) only when something is missing.
set -euo pipefail

want=(cmake make gcc pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
      libfontconfig-dev libgif-dev fonts-dejavu-core)
case "${1:-run}" in
  test) want+=(libcmocka-dev clang libclang-rt-14-dev xvfb xauth xdotool imagemagick) ;;
  run) want+=(xvfb xauth) ;;
  *) echo "deps.sh: unknown mode '$1' (expected run or test)" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "deps.sh: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "deps.sh: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
