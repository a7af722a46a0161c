#!/bin/sh
# Installs the Debian packages briefconv needs to build, test and benchmark.
# Idempotent: does nothing when everything is already there. Needs root (or sudo).
set -eu
pkgs="build-essential pkg-config libyaml-dev libzip-dev libdeflate-dev libxml2-dev libcmark-gfm-dev
libcmark-gfm-extensions-dev libcmocka-dev python3-lxml python3-docx python3-yaml
pandoc tidy cmark-gfm poppler-utils libreoffice-writer-nogui chromium zip unzip
valgrind clang libclang-rt-14-dev time groff-base man-db nodejs"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Debian's nodejs comes without npm; NodeSource's has it (and conflicts with Debian's npm).
command -v npm >/dev/null 2>&1 || missing="$missing npm"
# axe-core and puppeteer-core for tests/t_axe_html.sh, pinned by tests/package-lock.json.
npm_tests() {
    [ -f "$(dirname "$0")/../tests/node_modules/axe-core/axe.min.js" ] ||
        (cd "$(dirname "$0")/../tests" && npm ci --no-audit --no-fund)
}
if [ -z "$missing" ]; then
    npm_tests
    exit 0
fi
echo "installing:$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q $missing
npm_tests
