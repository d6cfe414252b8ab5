#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests (docs/testing.md).
# Usage: packaging/pg-test-server.sh start DIR
#        packaging/pg-test-server.sh stop DIR
#
# start: a new cluster in DIR/data (DIR must be missing or empty), listening
#   on 127.0.0.1 only, on the first free port it finds (it tries ports until
#   the server starts, so two runs side by side never clash), with its unix
#   socket in DIR/socket. TCP logins need a password (scram-sha-256); the
#   socket admits only the server's own system user (peer), for this script.
#   A login role `hookscope` (CREATEDB, CREATEROLE: tests make a database
#   each and roles of their own) gets a random password, which is written
#   only to DIR/pgpass (0600), never printed; a database `hookscope` is
#   owned by it. DIR/env is for `source`: HOOKSCOPE_TEST_POSTGRES (the URL,
#   without the password) and PGPASSFILE. Server settings are PostgreSQL's
#   defaults (fsync on); the cluster is UTF8 with the C.UTF-8 locale and
#   English server messages. initdb and the server refuse to run as root,
#   so as root they run as the `postgres` system user (from the postgresql
#   package), which then owns DIR.
# stop: stops the server (fast shutdown) and removes DIR.
set -Eeuo pipefail

pg_bin=/usr/lib/postgresql/15/bin
marker=.hookscope-pg-test-server
role=hookscope

fail() {
    echo "pg-test-server: $*" >&2
    exit 1
}

usage() {
    echo "usage: $0 start DIR | stop DIR" >&2
    exit 2
}

(( $# == 2 )) || usage
command=$1
dir=$2
[[ -n "$dir" ]] || usage

# Settings from the caller's environment would redirect the psql calls below.
while read -r name; do
    unset "$name"
done < <(compgen -e | grep '^PG' || true)

server_user=$(id -un)
as_server() {
    if (( EUID == 0 )); then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The server log's last lines, for a failure that happened inside the server.
show_log() {
    if [[ -f "$dir/server.log" ]]; then
        echo "pg-test-server: last lines of $dir/server.log:" >&2
        tail -n 30 "$dir/server.log" | sed 's/^/    /' >&2
    fi
}

# Stops the server if it runs; a stale postmaster.pid (a crash, a reboot)
# is no error.
stop_server() {
    [[ -d "$dir/data" ]] || return 0
    local status=0
    as_server "$pg_bin/pg_ctl" status -D "$dir/data" > /dev/null 2>&1 || status=$?
    if (( status == 0 )); then
        as_server "$pg_bin/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 > /dev/null
    fi
}

start() {
    [[ -x "$pg_bin/initdb" && -x "$pg_bin/pg_ctl" ]] ||
        fail "PostgreSQL 15 is not installed ($pg_bin): apt-get install postgresql"
    [[ -f /usr/share/postgresql/15/extension/pg_trgm.control ]] ||
        fail "the pg_trgm extension is missing (package postgresql-15)"
    if (( EUID == 0 )); then
        id postgres > /dev/null 2>&1 ||
            fail "running as root needs the postgres system user (package postgresql)"
        server_user=postgres
    fi

    # The path goes into postgresql.conf and the socket path, which holds
    # at most 107 bytes.
    local safe='^[A-Za-z0-9._/-]+$'
    [[ "$dir" =~ $safe ]] || fail "DIR may hold only letters, digits and ._/- (got '$dir')"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [[ "$dir" =~ $safe ]] || fail "DIR may hold only letters, digits and ._/- (got '$dir')"
    (( ${#dir} <= 80 )) || fail "DIR is too long for a unix socket path: $dir"
    [[ -z "$(ls -A "$dir")" ]] || fail "$dir is not empty"
    cd /

    touch "$dir/$marker"
    mkdir -m 0700 "$dir/socket"
    chmod 0700 "$dir"
    if (( EUID == 0 )); then
        chown -R postgres: "$dir"
    fi
    as_server test -w "$dir" ||
        fail "$server_user cannot write to $dir (a parent folder closed to it?)"

    echo "pg-test-server: initdb in $dir/data (as $server_user)"
    if ! as_server "$pg_bin/initdb" -D "$dir/data" --encoding=UTF8 --locale=C.UTF-8 \
        --lc-messages=C --auth-local=peer --auth-host=scram-sha-256 \
        > "$dir/initdb.log" 2>&1; then
        echo "pg-test-server: initdb failed:" >&2
        sed 's/^/    /' "$dir/initdb.log" >&2
        exit 1
    fi
    # Only what is needed: the server's own user on the socket, passwords
    # over TCP from 127.0.0.1; no IPv6, no replication.
    as_server tee "$dir/data/pg_hba.conf" > /dev/null << EOF
local all all peer
host all all 127.0.0.1/32 scram-sha-256
EOF
    as_server tee -a "$dir/data/postgresql.conf" > /dev/null << EOF

# pg-test-server.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/socket'
password_encryption = 'scram-sha-256'
EOF

    # Ports below Linux's ephemeral range (32768-60999), where outgoing
    # connections take theirs; a clash still only costs another try.
    local port="" attempt candidate
    for attempt in $(seq 1 25); do
        candidate=$((20000 + RANDOM % 12000))
        if as_server "$pg_bin/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $candidate" > /dev/null 2>&1; then
            port=$candidate
            break
        fi
        if grep -q -e 'could not bind' -e 'could not create any TCP/IP sockets' \
            -e 'Address already in use' "$dir/server.log"; then
            echo "pg-test-server: port $candidate is taken, trying another (attempt $attempt)"
            as_server truncate -s 0 "$dir/server.log"
            continue
        fi
        echo "pg-test-server: the server did not start (port $candidate)" >&2
        show_log
        stop_server || true
        exit 1
    done
    if [[ -z "$port" ]]; then
        echo "pg-test-server: no free port after $attempt tries" >&2
        show_log
        exit 1
    fi

    # From here on a failure stops the server; DIR stays for a look at its
    # logs (stop DIR removes it).
    trap 'echo "pg-test-server: setup failed; server stopped, $dir kept" >&2; show_log; stop_server || true' ERR

    # Nothing below may show the password, not even a shell trace.
    set +x
    local password
    password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
    [[ ${#password} -eq 48 ]] || fail "could not read /dev/urandom"
    local old_umask
    old_umask=$(umask)
    umask 077
    printf '127.0.0.1:%s:*:%s:%s\n' "$port" "$role" "$password" > "$dir/pgpass"
    umask "$old_umask"
    # The password goes in on stdin, not on a command line (ps shows those),
    # and the server is told not to log the statement even if it fails.
    # Terse errors hold no statement text.
    as_server "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/socket" -p "$port" -d postgres \
        > /dev/null << EOF
\\set VERBOSITY terse
\\set SHOW_CONTEXT never
SET log_min_error_statement = panic;
SET log_statement = 'none';
CREATE ROLE $role LOGIN CREATEDB CREATEROLE PASSWORD '$password';
CREATE DATABASE $role OWNER $role;
EOF
    unset password

    local url="postgresql://$role@127.0.0.1:$port/$role"
    # The way the tests will come in: TCP, scram, the password from
    # PGPASSFILE; and pg_trgm, which the search needs, made by the role
    # itself (a trusted extension since PostgreSQL 13).
    PGPASSFILE="$dir/pgpass" "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -w "$url" > /dev/null << EOF
BEGIN;
CREATE EXTENSION pg_trgm;
ROLLBACK;
EOF

    {
        printf 'export HOOKSCOPE_TEST_POSTGRES=%s\n' "$url"
        printf 'export PGPASSFILE=%s\n' "$dir/pgpass"
    } > "$dir/env"
    trap - ERR
    echo "pg-test-server: PostgreSQL $("$pg_bin/postgres" -V | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
    echo "pg-test-server: source $dir/env"
}

stop() {
    if [[ ! -e "$dir" ]]; then
        echo "pg-test-server: $dir does not exist, nothing to stop"
        return
    fi
    dir=$(cd "$dir" && pwd)
    cd /
    # Only ever remove a folder that start made.
    [[ -f "$dir/$marker" ]] || fail "$dir was not made by pg-test-server.sh start; left alone"
    if ! stop_server; then
        show_log
        fail "pg_ctl stop failed; $dir kept"
    fi
    rm -rf "$dir"
    echo "pg-test-server: stopped, $dir removed"
}

case "$command" in
start) start ;;
stop) stop ;;
*) usage ;;
esac
