#!/usr/bin/env bash
# Installs what is missing, builds with the strict flags and -Werror, checks
# formatting, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/deps.sh --test
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOOKSCOPE_WERROR=ON
cmake --build build-test -j"$(nproc)"

echo "checking formatting (clang-format)"
git ls-files -- '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

export QT_QPA_PLATFORM=offscreen
ctest --test-dir build-test --output-on-failure -j"$(nproc)"
