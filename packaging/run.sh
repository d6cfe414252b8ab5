#!/usr/bin/env bash
# Installs what is missing, builds the Debian package (packaging/deb.sh),
# installs it, and starts HookScope from /usr/bin with its embedded defaults
# (SQLite store in the user's data folder, 127.0.0.1:8787/webhook).
# Arguments are passed to hookscope (for example --secret KEY, --db FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/deps.sh --run
bash packaging/deb.sh

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
debs=(dist/hookscope_*.deb)
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --reinstall "./${debs[0]}"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    echo "No display (DISPLAY/WAYLAND_DISPLAY unset): starting the receiver without the window."
    echo "Run this from a desktop session to get the HookScope window, or run the receiver"
    echo "as a service: systemctl --user enable --now hookscope (docs/packaging.md)."
    exec /usr/bin/hookscope-cli serve "$@"
fi
exec /usr/bin/hookscope "$@"
