#!/bin/sh
# Installs the Debian packages briefconv needs to build, test and benchmark.
# Idempotent: does nothing when everything is already there. Needs root (or sudo).
set -eu
pkgs="build-essential pkg-config libyaml-dev libzip-dev libdeflate-dev libxml2-dev libcmark-gfm-dev
libcmark-gfm-extensions-dev libcmocka-dev python3-lxml python3-docx python3-yaml
pandoc tidy cmark-gfm poppler-utils libreoffice-writer-nogui chromium zip unzip
valgrind clang libclang-rt-14-dev time groff-base man-db"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q $missing
