#!/usr/bin/env bash
# Installs the Debian 12 packages HookScope builds and runs with, if missing.
# Usage: packaging/deps.sh [--test|--sanitize|--run|--package]
#   what the tests, the sanitizer and fuzzing builds, the window, or the
#   Debian package build (packaging/deb.sh) need besides
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqt6sql6-sqlite libsqlite3-dev libgl-dev
    qt6-qpa-plugins qt6-translations-l10n qtkeychain-qt6-dev
)
if [[ "${1:-}" == "--test" || "${1:-}" == "--sanitize" ]]; then
    # The store's PostgreSQL tests run against a real server of their own
    # (packaging/pg-test-server.sh) through Qt's PostgreSQL driver.
    packages+=(clang-format postgresql libqt6sql6-psql)
fi
if [[ "${1:-}" == "--test" || "${1:-}" == "--package" ]]; then
    # A compiler cache: the package build after the tests compiles the same
    # sources with the same flags (packaging/ccache.sh).
    packages+=(ccache)
fi
if [[ "${1:-}" == "--sanitize" ]]; then
    # clang with its sanitizer runtimes and libFuzzer (libclang-rt-14-dev is
    # only recommended by clang), and llvm-symbolizer for readable reports.
    packages+=(clang libclang-rt-14-dev llvm-14)
fi
if [[ "${1:-}" == "--run" ]]; then
    # Chinese text and emoji in messages need fonts that have them; a
    # postgresql:// store needs Qt's PostgreSQL driver.
    packages+=(fonts-noto-color-emoji fonts-wqy-microhei libqt6sql6-psql)
fi
if [[ "${1:-}" == "--package" ]]; then
    # Man pages from --help, the checks of the desktop and AppStream files,
    # CPack's dpkg-shlibdeps and file(1), and man(1) to look the pages up.
    packages+=(help2man desktop-file-utils appstream dpkg-dev fakeroot file man-db)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing+=("$p")
    fi
done

if (( ${#missing[@]} )); then
    echo "installing: ${missing[*]}"
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO="sudo"
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
