#!/usr/bin/env bash
# Installs what is missing, builds with the strict flags and -Werror, checks
# formatting, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/deps.sh --test
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOOKSCOPE_WERROR=ON
cmake --build build-test -j"$(nproc)"

echo "checking formatting (clang-format)"
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    git ls-files -- '*.cpp' '*.h' | xargs clang-format --dry-run --Werror
else
    find src tests bench \( -name '*.cpp' -o -name '*.h' \) -print0 |
        xargs -0 clang-format --dry-run --Werror
fi

export QT_QPA_PLATFORM=offscreen
ctest --test-dir build-test --output-on-failure -j"$(nproc)"
