#!/usr/bin/env bash
# Builds the Debian package dist/hookscope_<version>_<arch>.deb from a clean
# build in build-deb/ (removed first): installed under /usr, no tests or
# benchmarks, man pages generated from the built programs (help2man), then
# CPack DEB (docs/packaging.md). Installs its own build dependencies.
# SOURCE_DATE_EPOCH (default: the last commit's time) dates the man pages and
# the About dialog's build date, so two builds of one commit match.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/deps.sh --package

build_dir=build-deb
rm -rf "$build_dir"
mkdir -p dist
rm -f dist/hookscope_*.deb

if [[ -z "${SOURCE_DATE_EPOCH:-}" ]]; then
    SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2> /dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH

config=(
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr
    -DHOOKSCOPE_WERROR=ON -DHOOKSCOPE_BUILD_TESTS=OFF -DHOOKSCOPE_BUILD_BENCH=OFF
    -DHOOKSCOPE_MAN_PAGES=ON
)
source packaging/ccache.sh
if [[ -n "${HOOKSCOPE_SCREENSHOT_BASE_URL:-}" ]]; then
    config+=(-DHOOKSCOPE_SCREENSHOT_BASE_URL="$HOOKSCOPE_SCREENSHOT_BASE_URL")
fi
cmake -S . -B "$build_dir" -G Ninja "${config[@]}"
cmake --build "$build_dir" -j"$(nproc)"
(cd "$build_dir" && cpack -G DEB -B "$PWD/cpack")

shopt -s nullglob
debs=("$build_dir"/cpack/hookscope_*.deb)
if (( ${#debs[@]} != 1 )); then
    echo "deb.sh: expected one package in $build_dir/cpack, found ${#debs[@]}" >&2
    exit 1
fi
cp "${debs[0]}" dist/
deb="dist/$(basename "${debs[0]}")"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
echo "built $deb ($(du -h "$deb" | cut -f1))"
