#!/usr/bin/env bash
# Writes a help2man include file with the options of each hookscope-cli
# command, taken from `hookscope-cli COMMAND --help` of the built program (the
# commands are the ones its own --help lists), so the man page cannot drift.
# Usage: commands.sh HOOKSCOPE-CLI OUTPUT   (run with the program's folder
# first in PATH, so that its usage lines say "hookscope-cli").
set -euo pipefail
cli=$1
out=$2

# roff: a backslash is \e; a line may not start with . or '.
roff() {
    sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
}

commands=$("$cli" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\)  .*/\1/p')
if [[ -z "$commands" ]]; then
    echo "commands.sh: no commands in '$cli --help'" >&2
    exit 1
fi
{
    echo "[COMMAND OPTIONS]"
    for command in $commands; do
        echo ".SS \"hookscope-cli $command\""
        echo ".nf"
        # Skip the title line; keep the usage line and the options.
        "$cli" "$command" --help | sed '1{/^hookscope-cli /d}' | sed '/./,$!d' | roff
        echo ".fi"
    done
    echo "[FILES]"
    echo ".TP"
    echo ".I ~/.local/share/HookScope/HookScope/hookscope.db"
    echo "The default store, shared with the hookscope window."
    echo ".TP"
    echo ".I ~/.config/HookScope/HookScope/webhook-secret"
    echo "The window's secret file; the systemd user unit hookscope.service passes it to serve."
    echo "[SEE ALSO]"
    echo ".BR hookscope (1)"
} > "$out"
