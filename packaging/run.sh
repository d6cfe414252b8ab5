#!/usr/bin/env bash
# Installs what is missing, builds, and starts HookScope with its embedded
# defaults (SQLite store in the user's data folder, 127.0.0.1:8787/webhook).
# Arguments are passed to hookscope (for example --secret KEY, --db FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/deps.sh --run
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    echo "No display (DISPLAY/WAYLAND_DISPLAY unset): starting the receiver without the window."
    echo "Run this from a desktop session to get the HookScope window."
    exec ./build/src/app/hookscope-cli serve "$@"
fi
exec ./build/src/app/hookscope "$@"
