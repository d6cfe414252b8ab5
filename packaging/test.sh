#!/usr/bin/env bash
# Installs what is missing, builds with the strict flags and -Werror, checks
# formatting, and runs the whole test suite, with a PostgreSQL server of its
# own for the store's PostgreSQL tests (packaging/pg-test-server.sh).
# Usage: packaging/test.sh [--debug|--asan]
#   --debug  a Debug build in build-debug/ instead (Q_ASSERT, checkIndex and
#            the store's thread-affinity checks are live; no benchmarks)
#   --asan   the same Debug suite built by clang with AddressSanitizer and
#            UBSan in build-asan/ (leaks included); any report fails its test.
#            The fuzzers are built there too (packaging/fuzz.sh runs them).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build-test
config=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
case "${1:-}" in
--debug)
    build_dir=build-debug
    config=(-DCMAKE_BUILD_TYPE=Debug -DHOOKSCOPE_BUILD_BENCH=OFF)
    ;;
--asan)
    source packaging/sanitize-env.sh
    build_dir=$sanitize_build_dir
    config=("${sanitize_config[@]}")
    ;;
esac
bash packaging/deps.sh "$([[ "${1:-}" == --asan ]] && echo --sanitize || echo --test)"
if [[ "$build_dir" == build-test ]]; then
    source packaging/ccache.sh
fi

cmake -S . -B "$build_dir" -G Ninja "${config[@]}" -DHOOKSCOPE_WERROR=ON
cmake --build "$build_dir" -j"$(nproc)"

if [[ "$build_dir" == build-test ]]; then
    echo "checking formatting (clang-format)"
    if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
        git ls-files -- '*.cpp' '*.h' | xargs clang-format --dry-run --Werror
    else
        find src tests bench fuzz \( -name '*.cpp' -o -name '*.h' \) -print0 |
            xargs -0 clang-format --dry-run --Werror
    fi
fi

# The store's PostgreSQL tests get a server of their own, stopped however
# the run ends; with HOOKSCOPE_REQUIRE_POSTGRES they fail rather than skip
# when they find no server (docs/testing.md).
pg_dir=$(mktemp -d)
trap 'bash packaging/pg-test-server.sh stop "$pg_dir"' EXIT
bash packaging/pg-test-server.sh start "$pg_dir"
# shellcheck source=/dev/null
source "$pg_dir/env"
export HOOKSCOPE_REQUIRE_POSTGRES=1

export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"
