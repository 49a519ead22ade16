#!/usr/bin/env bash
# API load benchmark:  bench/api.sh
#
# Builds the release binary (as scripts/run does), starts it on a free port with a temporary
# DATA_DIR and SQLite database, seeds projects through the API, measures the resident set, loads
# three routes with wrk, prints the results and appends a dated section to bench/README.md.
#
# Reads (all optional):
#   CM_BENCH_PROJECTS   projects to seed (default 1000)
#   CM_BENCH_DURATION   wrk duration per route (default 10s)
#   CM_BENCH_THREADS    wrk threads (default 2)
#   CM_BENCH_CONNECTIONS wrk connections (default 64)
#   CM_BENCH_README     where to append the results (default bench/README.md); CM_BENCH_APPEND=0
#                       prints them only
#   CM_RELEASE_BUILD_DIR, CM_CACHE_DIR  as for scripts/run
# The server gets PORT, HOST=127.0.0.1, DATA_DIR, DATABASE_URL, ADMIN_EMAIL, ADMIN_PASSWORD,
# AGENT_COMMAND=simulator, PUBLIC_DIR, LOG_DIR; anything else in the environment (LOG_LEVEL, ...)
# passes through.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$CM_ROOT"

PROJECTS="${CM_BENCH_PROJECTS:-1000}"
DURATION="${CM_BENCH_DURATION:-10s}"
THREADS="${CM_BENCH_THREADS:-2}"
CONNECTIONS="${CM_BENCH_CONNECTIONS:-64}"
README="${CM_BENCH_README:-$CM_ROOT/bench/README.md}"
APPEND="${CM_BENCH_APPEND:-1}"

COMMAND="bench/api.sh"
for var in CM_BENCH_PROJECTS CM_BENCH_DURATION CM_BENCH_THREADS CM_BENCH_CONNECTIONS LOG_LEVEL; do
    if [ -n "${!var:-}" ]; then
        COMMAND="$var=${!var} $COMMAND"
    fi
done

for tool in curl python3 git; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 1; }
done
if ! command -v wrk >/dev/null; then
    ensure_apt_packages wrk
fi

SCRATCH_RELEASE="$(release_scratch)"
log "building the release binary in $SCRATCH_RELEASE (a first build takes several minutes)"
swift build -c release --scratch-path "$SCRATCH_RELEASE" >&2
BIN="$SCRATCH_RELEASE/release/claude-manager"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/cm-bench.XXXXXX")"
SERVER_PID=""
cleanup() {
    local rc=$?
    set +e
    if [ -n "$SERVER_PID" ]; then
        stop_pid "$SERVER_PID" 10
    fi
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
EMAIL=bench@example.com
PASSWORD="$(random_secret)"
SERVER_LOG="$TMP/server.log"
mkdir -p "$TMP/data" "$TMP/logs"

log "starting the server on $BASE"
PORT="$PORT" HOST=127.0.0.1 DATA_DIR="$TMP/data" DATABASE_URL="$TMP/data/claude-manager.sqlite" \
    ADMIN_EMAIL="$EMAIL" ADMIN_PASSWORD="$PASSWORD" AGENT_COMMAND=simulator \
    PUBLIC_DIR="$CM_ROOT/Public" LOG_DIR="$TMP/logs" \
    "$BIN" serve >"$SERVER_LOG" 2>&1 </dev/null &
SERVER_PID=$!
wait_for_url "$BASE/livez" "$SERVER_PID" "$SERVER_LOG" 60

log "logging in as $EMAIL"
TOKEN="$(curl -fsS -X POST "$BASE/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | json_get token)"
AUTH="Authorization: Bearer $TOKEN"

REPO="$(make_bare_repo "$TMP")"

log "seeding $PROJECTS projects (4 in parallel)"
seed_start=$SECONDS
seq 1 "$PROJECTS" | xargs -P 4 -I{} curl -fsS -o /dev/null -X POST "$BASE/api/projects" \
    -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench {}\",\"shortName\":\"bench-{}\",\"gitRepository\":\"file://$REPO\",\"start\":false}"
log "created $PROJECTS projects in $((SECONDS - seed_start))s; waiting until none is creating"
for ((i = 0; ; i++)); do
    creating="$(curl -fsS -H "$AUTH" "$BASE/api/projects?status=creating&limit=1" | json_get total)"
    [ "$creating" -eq 0 ] && break
    if [ "$i" -ge 1200 ]; then
        echo "error: $creating projects still creating after 10 minutes" >&2
        exit 1
    fi
    if ((i % 20 == 0)); then
        log "$creating still creating"
    fi
    sleep 0.5
done
total="$(curl -fsS -H "$AUTH" "$BASE/api/projects?limit=1" | json_get total)"
failed="$(curl -fsS -H "$AUTH" "$BASE/api/projects?status=error&limit=1" | json_get total)"
log "ready after $((SECONDS - seed_start))s: $total projects, $failed in status error"
if [ "$total" -lt "$PROJECTS" ]; then
    echo "error: expected at least $PROJECTS projects, the server lists $total" >&2
    exit 1
fi
PROJECT_ID="$(curl -fsS -H "$AUTH" "$BASE/api/projects?limit=1" | json_get items.0.id)"

sleep 2
IDLE_RSS_KB="$(rss_kb "$SERVER_PID")"
log "idle RSS: $((IDLE_RSS_KB / 1024)) MB"

ROUTES=("/livez" "/api/projects?limit=50" "/api/projects/$PROJECT_ID")
LABELS=("GET /livez" "GET /api/projects?limit=50" "GET /api/projects/{id}")
WRK_CMD="wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -H \"Authorization: Bearer \$TOKEN\" $BASE<route>"
for i in "${!ROUTES[@]}"; do
    curl -fsS -o /dev/null -H "$AUTH" "$BASE${ROUTES[$i]}" || {
        echo "error: GET ${ROUTES[$i]} does not answer 2xx" >&2
        exit 1
    }
    log "wrk ${LABELS[$i]}"
    wrk "-t$THREADS" "-c$CONNECTIONS" "-d$DURATION" --latency -H "$AUTH" "$BASE${ROUTES[$i]}" \
        >"$TMP/wrk-$i.txt"
    cat "$TMP/wrk-$i.txt" >&2
done
LOADED_RSS_KB="$(rss_kb "$SERVER_PID")"
log "RSS after load: $((LOADED_RSS_KB / 1024)) MB"

# Parse the three wrk outputs and write the Markdown section.
SECTION="$TMP/section.md"
PYTHONPATH="$CM_ROOT/bench" python3 - "$TMP" "$IDLE_RSS_KB" "$LOADED_RSS_KB" "$PROJECTS" "$total" "$COMMAND" \
    "$WRK_CMD" "${LABELS[@]}" >"$SECTION" <<'PY'
import datetime, os, re, sys

tmp, idle_kb, loaded_kb, projects, total, command, wrk_cmd = sys.argv[1:8]
labels = sys.argv[8:]
idle_mb, loaded_mb = int(idle_kb) / 1024, int(loaded_kb) / 1024

def ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

def parse(path):
    out = open(path).read()
    r = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "99"):
        r["p" + pct] = ms(re.search(r"^\s+%s%%\s+(\S+)" % pct, out, re.M).group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    r["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    r["errors"] = sum(int(x) for x in m.groups()) if m else 0
    return r

runs = [parse(os.path.join(tmp, "wrk-%d.txt" % i)) for i in range(len(labels))]
ceiling = runs[0]["rps"]

def fmt_ms(v):
    return "%.2f ms" % v if v < 10 else "%.1f ms" % v

from benchlib import commit, cpu_model  # bench/benchlib.py, on PYTHONPATH

ok = lambda b: "✅" if b else "❌"
list_share = runs[1]["rps"] / ceiling if ceiling else 0
worst_p99 = max(runs[1]["p99"], runs[2]["p99"])
max_mb = max(idle_mb, loaded_mb)

now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
print("### %s" % now)
print()
print("- Machine: %d cores (nproc), %s" % (len(os.sched_getaffinity(0)), cpu_model()))
print("- Commit: %s" % commit())
print("- Command: `%s`" % command)
print("- Load: `%s`, one run per route; %s projects seeded (server lists %s)" % (wrk_cmd, projects, total))
print()
print("| route | req/s | p50 | p99 | % of /livez |")
print("| --- | ---: | ---: | ---: | ---: |")
for label, r in zip(labels, runs):
    share = 100 * r["rps"] / ceiling if ceiling else 0
    print("| `%s` | %s | %s | %s | %.0f%% |" % (label, format(round(r["rps"]), ","), fmt_ms(r["p50"]),
                                             fmt_ms(r["p99"]), share))
print()
for label, r in zip(labels, runs):
    if r["non2xx"] or r["errors"]:
        print("- ⚠️ `%s`: %d non-2xx responses, %d socket errors" % (label, r["non2xx"], r["errors"]))
print("- RSS with %s projects: %.1f MB idle, %.1f MB right after the loaded runs" % (projects, idle_mb, loaded_mb))
print()
print("Targets:")
print()
print("- %s list ≥ 50%% of the /livez ceiling: %.0f%%" % (ok(list_share >= 0.5), 100 * list_share))
print("- %s p99 < 10 ms: list %s, one project %s" % (ok(worst_p99 < 10), fmt_ms(runs[1]["p99"]), fmt_ms(runs[2]["p99"])))
print("- %s RSS < 60 MB with %s projects: %.1f MB at most" % (ok(max_mb < 60), projects, max_mb))
print()
PY

echo
cat "$SECTION"
if [ "$APPEND" = 1 ]; then
    # Into the API results, which end where the Kubernetes section starts (if there is one).
    python3 - "$README" "$SECTION" <<'PY'
import sys
readme, section = sys.argv[1], open(sys.argv[2]).read().rstrip("\n") + "\n"
text = open(readme).read()
marker = "## Kubernetes runtime: `bench/k8s.sh`"
at = text.find(marker)
if at < 0:
    text = text.rstrip("\n") + "\n\n" + section
else:
    text = text[:at].rstrip("\n") + "\n\n" + section + "\n" + text[at:]
open(readme, "w").write(text)
PY
    log "appended to ${README#"$CM_ROOT"/}"
fi
