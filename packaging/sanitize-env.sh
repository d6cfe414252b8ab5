# Sourced by test.sh --asan and fuzz.sh: the one configuration of the clang
# build with ASan + UBSan (build-asan/) that runs the test suite and the
# fuzzers, and the runtime options that make every finding fail.
sanitize_build_dir=build-asan
sanitize_config=(
    -DCMAKE_BUILD_TYPE=Debug -DHOOKSCOPE_BUILD_BENCH=OFF
    -DHOOKSCOPE_BUILD_FUZZ=ON
    # Line tables are all a sanitizer report needs; full debug info makes
    # this build much slower to compile and link on a small machine.
    -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only
)
# Read only when build-asan/ is first configured.
export CC=clang CXX=clang++
lsan_suppressions="$PWD/packaging/lsan.supp"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$lsan_suppressions:print_suppressions=0"
if [[ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]]; then
    export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi
