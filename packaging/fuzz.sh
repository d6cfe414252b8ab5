#!/usr/bin/env bash
# Builds the libFuzzer targets (in the sanitizer build, build-asan/) and runs
# each for a fixed number of inputs from a fixed seed; fails on any crash,
# sanitizer report or broken invariant. Each run starts from a fresh corpus
# under build-asan/fuzz/corpus/ seeded from fuzz/seeds (and the fixture
# bodies); findings land in build-asan/fuzz/artifacts/.
# Usage: packaging/fuzz.sh [RUNS]   (default 50000 inputs per target)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50000}
source packaging/sanitize-env.sh
bash packaging/deps.sh --sanitize

build_dir=$sanitize_build_dir
cmake -S . -B "$build_dir" -G Ninja "${sanitize_config[@]}" -DHOOKSCOPE_WERROR=ON
targets=()
for source in fuzz/fuzz_*.cpp; do
    targets+=("$(basename "$source" .cpp)")
done
cmake --build "$build_dir" -j"$(nproc)" --target "${targets[@]}"

out="$build_dir/fuzz"
for target in "${targets[@]}"; do
    name=${target#fuzz_}
    corpus="$out/corpus/$name"
    rm -rf "$corpus"
    mkdir -p "$corpus" "$out/artifacts"
    if [[ -d "$out/seeds/$name" ]]; then
        cp -r "$out/seeds/$name/." "$corpus/"
    fi
    args=(-seed=1 -runs="$runs" -artifact_prefix="$out/artifacts/$target-" -print_final_stats=1)
    if [[ -f "fuzz/dict/$name.dict" ]]; then
        args+=(-dict="fuzz/dict/$name.dict")
    fi
    echo "== $target: $runs runs =="
    "$out/$target" "${args[@]}" "$corpus"
done
echo "fuzzing passed: ${targets[*]}"
