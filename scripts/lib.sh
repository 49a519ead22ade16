# shellcheck shell=bash
# Shared helpers for scripts/test, scripts/run and bench/api.sh.
# Source it; it defines functions and a few variables, and runs nothing else.
#
# Variables it sets:
#   CM_ROOT          the repository root (the folder above scripts/)
#   CM_CACHE         ${CM_CACHE_DIR:-$HOME/.cache/claude-manager}, where builds and the venv live

CM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CM_CACHE="${CM_CACHE_DIR:-$HOME/.cache/claude-manager}"

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }

# Build folders are keyed by the package's dependencies (the `.package(` lines of Package.swift) and
# the compiler version, so a fresh clone with the same dependencies reuses compiled ones; a change to
# our own targets does not start a cold build.
package_key() {
    { grep -E '^[[:space:]]*\.package\(' "$CM_ROOT/Package.swift"; swift --version 2>/dev/null; } |
        sha256sum | cut -c1-16
}

# Debug build folder (scripts/test).  CM_BUILD_DIR overrides.
debug_scratch() {
    printf '%s\n' "${CM_BUILD_DIR:-$CM_CACHE/build-$(package_key)}"
}

# Release build folder (scripts/run, bench/api.sh).  CM_RELEASE_BUILD_DIR overrides.
release_scratch() {
    printf '%s\n' "${CM_RELEASE_BUILD_DIR:-$CM_CACHE/build-$(package_key)-release}"
}

# A free TCP port on 127.0.0.1 (bind to port 0 and let the kernel choose).
free_port() {
    local py
    py="$(command -v python3 || echo /usr/bin/python3)"
    "$py" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# A random URL-safe secret.
random_secret() {
    head -c 24 /dev/urandom | base64 | tr -d '/+=\n'
}

# ensure_apt_packages PKG... — installs the Debian packages that are not installed yet.
# `apt-get update` runs only when something has to be installed.
ensure_apt_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    log "installing Debian packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq)
    local out policy=/usr/sbin/policy-rc.d added_policy=""
    out="$(mktemp)"
    # Installing must not start services (postgresql, ssh): the tests start their own on free ports.
    if [ ! -e "$policy" ] && [ "$(id -u)" -eq 0 ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added_policy=1
    fi
    local rc=0
    { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; } >"$out" 2>&1 || rc=$?
    if [ -n "$added_policy" ]; then
        rm -f "$policy"
    fi
    if [ "$rc" -ne 0 ]; then
        tail -n 30 "$out" >&2
        rm -f "$out"
        return 1
    fi
    rm -f "$out"
}

# A python3 that can create virtual environments: the one on PATH, else Debian's.
venv_python() {
    local py
    for py in "$(command -v python3 || true)" /usr/bin/python3; do
        if [ -n "$py" ] && [ -x "$py" ] && "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
            printf '%s\n' "$py"
            return 0
        fi
    done
    return 1
}

# ensure_venv DIR REQUIREMENTS — a venv at DIR with REQUIREMENTS installed; pip runs only when
# the requirements file's sha256 differs from the stamp left by the last successful install.
ensure_venv() {
    local venv="$1" req="$2" py stamp want have
    stamp="$venv/.requirements.sha256"
    want="$(sha256sum "$req" | cut -d' ' -f1)"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
        py="$(venv_python)" || { warn "no python3 with venv support"; return 1; }
        log "creating venv $venv with $py"
        rm -rf "$venv"
        mkdir -p "$(dirname "$venv")"
        "$py" -m venv "$venv"
    fi
    have="$(cat "$stamp" 2>/dev/null || true)"
    if [ "$want" != "$have" ]; then
        log "pip install -r $req"
        local out
        out="$(mktemp)"
        if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req" >"$out" 2>&1; then
            tail -n 30 "$out" >&2
            rm -f "$out"
            return 1
        fi
        rm -f "$out"
        printf '%s\n' "$want" >"$stamp"
    fi
}

# The highest PostgreSQL version's bin folder under /usr/lib/postgresql.
postgres_bin() {
    local dir
    dir="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$dir" ] || [ ! -x "$dir/bin/pg_ctl" ]; then
        warn "no PostgreSQL server under /usr/lib/postgresql"
        return 1
    fi
    printf '%s\n' "$dir/bin"
}

# pg_start — a throw-away PostgreSQL on 127.0.0.1 and a free port, trust auth, fsync off, with role
# `cm` and database `cm_test`.  Sets and exports PG_TMP, PG_BIN, PGPORT and TEST_DATABASE_URL.
# Call pg_stop to stop it and remove PG_TMP.
pg_start() {
    PG_BIN="$(postgres_bin)" || return 1
    PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/cm-pg.XXXXXX")"
    PGPORT="$(free_port)"
    export PG_BIN PG_TMP PGPORT
    local as_pg=()
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres:postgres "$PG_TMP"
        as_pg=(runuser -u postgres --)
    fi
    "${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust --no-sync \
        --encoding=UTF8 --locale=C >"$PG_TMP/initdb.log" 2>&1 || {
        tail -n 20 "$PG_TMP/initdb.log" >&2
        return 1
    }
    "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || {
        tail -n 20 "$PG_TMP/postgres.log" >&2
        return 1
    }
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres \
        -c "CREATE ROLE cm LOGIN SUPERUSER" -c "CREATE DATABASE cm_test OWNER cm" >/dev/null || return 1
    TEST_DATABASE_URL="postgres://cm@127.0.0.1:$PGPORT/cm_test"
    export TEST_DATABASE_URL
    log "PostgreSQL $(basename "$(dirname "$PG_BIN")") on 127.0.0.1:$PGPORT ($PG_TMP)"
}

# pg_stop [PG_TMP [PG_BIN]] — stops the server started by pg_start and removes its folder.
pg_stop() {
    local tmp="${1:-${PG_TMP:-}}" bin="${2:-${PG_BIN:-}}"
    [ -n "$tmp" ] && [ -d "$tmp" ] || return 0
    [ -n "$bin" ] || bin="$(postgres_bin 2>/dev/null || true)"
    if [ -n "$bin" ] && [ -f "$tmp/data/postmaster.pid" ]; then
        local as_pg=()
        [ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
        "${as_pg[@]}" "$bin/pg_ctl" -D "$tmp/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}

# make_bare_repo DIR — a bare git repository at DIR/repo.git with one commit (README.md) on main.
# Prints the repository's path.
make_bare_repo() {
    local dir="$1" work
    work="$dir/repo-work"
    mkdir -p "$work"
    git -C "$work" init -q -b main
    printf '# Test repository\n\nMade by Claude Manager scripts for tests and benchmarks.\n' >"$work/README.md"
    git -C "$work" add README.md
    git -C "$work" -c user.name='Claude Manager Tests' -c user.email='tests@example.com' \
        -c commit.gpgsign=false commit -q -m 'Initial commit'
    git clone -q --bare "$work" "$dir/repo.git"
    rm -rf "$work"
    printf '%s\n' "$dir/repo.git"
}

# wait_for_url URL PID LOG [SECONDS] — waits until URL answers 2xx; fails early if PID exits, and
# fails after SECONDS (default 60) showing the tail of LOG.
wait_for_url() {
    local url="$1" pid="$2" logfile="$3" secs="${4:-60}" i
    for ((i = 0; i < secs * 4; i++)); do
        if curl -fsS -m 2 -o /dev/null "$url" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            warn "the server exited before answering $url; last lines of $logfile:"
            tail -n 40 "$logfile" >&2 || true
            return 1
        fi
        sleep 0.25
    done
    warn "no answer from $url after ${secs}s; last lines of $logfile:"
    tail -n 40 "$logfile" >&2 || true
    return 1
}

# stop_pid PID [SECONDS] — SIGTERM, then SIGKILL after SECONDS (default 10).
stop_pid() {
    local pid="$1" secs="${2:-10}" i
    [ -n "$pid" ] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < secs * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    warn "process $pid did not stop after ${secs}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# descendants PID — the ids of PID's child processes and theirs, depth first.
descendants() {
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        descendants "$child"
        printf '%s\n' "$child"
    done
}

# kill_tree PID — SIGTERM to PID and every process below it, SIGKILL to those left after 5 s.
kill_tree() {
    local pids i
    pids="$(descendants "$1") $1"
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        # shellcheck disable=SC2086
        kill -0 $pids 2>/dev/null || return 0
        sleep 0.1
    done
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
}

# json_get FIELD — reads JSON on stdin and prints FIELD (a dotted path; numbers index arrays).
json_get() {
    python3 -c 'import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value)' "$1"
}

# rss_kb PID — the resident set size in kB, from /proc/PID/status.
rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}
