#!/usr/bin/env bash
# Installs what is missing, builds, and starts HookScope with its embedded
# defaults (SQLite store in the user's data folder, 127.0.0.1:8787/webhook).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
exec ./build/src/app/hookscope-cli serve "$@"
