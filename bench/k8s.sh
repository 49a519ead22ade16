#!/usr/bin/env bash
# Kubernetes runtime benchmark:  bench/k8s.sh
#
# Builds the release binaries (claude-manager and kubernetes-double), starts the Kubernetes API double on a free
# port and the manager with RUNTIME=kubernetes against it, seeds projects through the API and waits until all run.
# Then it restarts the manager (the double keeps its objects) and measures, in one run:
#   1. start and sync: from launching `claude-manager serve` until /readyz answers and every project is running
#      (the restart finds every project marked `starting` in its database, so each must be confirmed from the
#      cluster's list and watch);
#   2. the manager's resident set right after that sync;
#   3. the API requests the double receives during a steady state with nothing changing (watch streams opened
#      before it are not counted; watches opened during it are shown apart);
#   4. status propagation: for sample projects stopped and then started one at a time, the time from the double
#      marking the pod Ready (its wall clock) to GET /api/projects/{id} first answering `running` (polled every
#      ~2 ms from this machine, same wall clock).
# It prints PASS/FAIL per target and appends a dated section to bench/README.md.
#
# Reads (all optional):
#   CM_BENCH_PROJECTS     projects to seed (default 1000)
#   CM_BENCH_DURATION     seconds of steady state (default 60)
#   CM_BENCH_SAMPLES      projects stopped and started for the propagation latency (default 100)
#   CM_BENCH_RESTARTS     restarts timed for the start and sync; the median run is reported (default 3)
#   CM_BENCH_POD_READY_MS the double's pod ready delay (default 500)
#   CM_BENCH_TICK_MS      how often the double's simulated controller and kubelet run (default 100; the double's
#                         default of 20 keeps it busy with 1,000 projects, see bench/README.md)
#   CM_BENCH_SETTLE       seconds between the sync and the steady state, reported apart (default 5)
#   CM_BENCH_KEEP=1       keeps the temporary folder (logs, database, JSON results)
#   CM_BENCH_README       where to append the results (default bench/README.md); CM_BENCH_APPEND=0 prints them only
#   CM_RELEASE_BUILD_DIR, CM_CACHE_DIR  as for scripts/run
# The manager gets RUNTIME=kubernetes, --kubeconfig, KUBERNETES_NAMESPACE=bench, PORT, HOST=127.0.0.1, DATA_DIR,
# DATABASE_URL, ADMIN_EMAIL, ADMIN_PASSWORD, JWT_SECRET, MASTER_KEY, PUBLIC_DIR, LOG_DIR; anything else in the
# environment (LOG_LEVEL, ...) passes through.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$CM_ROOT"

PROJECTS="${CM_BENCH_PROJECTS:-1000}"
DURATION="${CM_BENCH_DURATION:-60}"
DURATION="${DURATION%s}"
SAMPLES="${CM_BENCH_SAMPLES:-100}"
RESTARTS="${CM_BENCH_RESTARTS:-3}"
POD_READY_MS="${CM_BENCH_POD_READY_MS:-500}"
TICK_MS="${CM_BENCH_TICK_MS:-100}"
SETTLE="${CM_BENCH_SETTLE:-5}"
README="${CM_BENCH_README:-$CM_ROOT/bench/README.md}"
APPEND="${CM_BENCH_APPEND:-1}"
NAMESPACE=bench

for value in "$PROJECTS" "$DURATION" "$SAMPLES" "$RESTARTS" "$POD_READY_MS" "$TICK_MS" "$SETTLE"; do
    [[ "$value" =~ ^[0-9]+$ ]] || { echo "error: CM_BENCH_* sizes must be whole numbers (got '$value')" >&2; exit 1; }
done
if [ "$RESTARTS" -lt 1 ]; then
    RESTARTS=1
fi
if [ "$SAMPLES" -gt "$PROJECTS" ]; then
    SAMPLES="$PROJECTS"
fi

COMMAND="bench/k8s.sh"
for var in CM_BENCH_PROJECTS CM_BENCH_DURATION CM_BENCH_SAMPLES CM_BENCH_RESTARTS CM_BENCH_POD_READY_MS CM_BENCH_TICK_MS CM_BENCH_SETTLE \
    LOG_LEVEL; do
    if [ -n "${!var:-}" ]; then
        COMMAND="$var=${!var} $COMMAND"
    fi
done

for tool in curl python3 git; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 1; }
done

SCRATCH_RELEASE="$(release_scratch)"
log "building the release binaries in $SCRATCH_RELEASE (a first build takes several minutes)"
swift build -c release --scratch-path "$SCRATCH_RELEASE" >&2
BIN="$SCRATCH_RELEASE/release/claude-manager"
DOUBLE_BIN="$SCRATCH_RELEASE/release/kubernetes-double"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/cm-bench-k8s.XXXXXX")"
SERVER_PID=""
DOUBLE_PID=""
cleanup() {
    local rc=$?
    set +e
    if [ -n "$SERVER_PID" ]; then
        stop_pid "$SERVER_PID" 10
    fi
    if [ -n "$DOUBLE_PID" ]; then
        stop_pid "$DOUBLE_PID" 10
    fi
    if [ "${CM_BENCH_KEEP:-0}" = 1 ]; then
        log "kept $TMP"
    else
        rm -rf "$TMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The measuring half, in Python: polling with one kept-alive connection, timing, and the report.
cat >"$TMP/bench.py" <<'PY'
import http.client, json, math, os, sys, time, urllib.parse

def now_ms():
    return time.time() * 1000

class Client:
    """One kept-alive HTTP/1.1 connection that reconnects when the server is not (yet) there."""
    def __init__(self, base, token=None):
        url = urllib.parse.urlsplit(base)
        self.host, self.port, self.token, self.conn = url.hostname, url.port, token, None

    def request(self, method, path, body=None):
        headers = {"Connection": "keep-alive"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            return response.status, (json.loads(data) if data and data[:1] in b"[{" else None)
        except (OSError, http.client.HTTPException):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return None, None

def wait_synced(base, token, expected, started_ms, timeout):
    """Times /livez, /readyz and 'all projects running' after a launch at started_ms."""
    probe, api = Client(base), Client(base, token)
    marks = {}
    deadline = time.monotonic() + timeout
    running = 0
    while time.monotonic() < deadline:
        if "livez" not in marks and probe.request("GET", "/livez")[0] == 200:
            marks["livez"] = now_ms() - started_ms
        if "livez" in marks and "readyz" not in marks and probe.request("GET", "/readyz")[0] == 200:
            marks["readyz"] = now_ms() - started_ms
        if "livez" in marks and "running" not in marks:
            status, page = api.request("GET", "/api/projects?status=running&limit=1")
            if status == 200:
                running = page["total"]
                if running >= expected:
                    marks["running"] = now_ms() - started_ms
        if "readyz" in marks and "running" in marks:
            marks["synced"] = max(marks["readyz"], marks["running"])
            return marks
        time.sleep(0.005)
    marks["timeout"] = True
    marks["runningSeen"] = running
    return marks

def propagation(base, token, double, namespace, samples_file, pod_ready_ms):
    """Stops the sample projects, waits until they are stopped, then starts them one at a time; for each, the
    first time GET /api/projects/{id} answers running minus the double's Ready time of its pod."""
    api, control = Client(base, token), Client(double)
    samples = [line.split() for line in open(samples_file) if line.strip()]
    for project_id, _ in samples:
        status, _ = api.request("POST", "/api/projects/%s/stop" % project_id)
        if status is None or status >= 300:
            raise SystemExit("stopping %s answered %s" % (project_id, status))
    deadline = time.monotonic() + 120
    pending = {project_id for project_id, _ in samples}
    while pending and time.monotonic() < deadline:
        for project_id in list(pending):
            status, project = api.request("GET", "/api/projects/" + project_id)
            if status == 200 and project["status"] == "stopped":
                pending.discard(project_id)
        time.sleep(0.05)
    if pending:
        raise SystemExit("%d sample projects did not stop within 120 s" % len(pending))
    seen, timeouts, polls = {}, [], 0
    for project_id, short_name in samples:
        status, _ = api.request("POST", "/api/projects/%s/start" % project_id)
        if status is None or status >= 300:
            raise SystemExit("starting %s answered %s" % (project_id, status))
        deadline = time.monotonic() + 30 + pod_ready_ms / 1000
        while time.monotonic() < deadline:
            status, project = api.request("GET", "/api/projects/" + project_id)
            polls += 1
            if status == 200 and project["status"] == "running":
                seen["project-%s-0" % short_name] = now_ms()
                break
            time.sleep(0.002)
        else:
            timeouts.append(short_name)
    _, ready = control.request("GET", "/_double/ready-times?namespace=" + namespace)
    latencies, missing = [], []
    for pod, running_ms in seen.items():
        if pod in ready:
            latencies.append(running_ms - ready[pod])
        else:
            missing.append(pod)
    return {"latencies": sorted(latencies), "timeouts": timeouts, "missingReadyTimes": missing, "polls": polls}

def percentile(values, p):
    if not values:
        return float("nan")
    rank = max(0, min(len(values) - 1, math.ceil(p / 100 * len(values)) - 1))  # nearest rank
    return sorted(values)[rank]

from benchlib import commit, cpu_model  # bench/benchlib.py, on PYTHONPATH

def request_rows(tally, limit=12):
    rows = ["| %s | `%s` | %d |" % (r["verb"], r["path"], r["count"]) for r in tally["requests"][:limit]]
    if len(tally["requests"]) > limit:
        rest = sum(r["count"] for r in tally["requests"][limit:])
        rows.append("| … | %d more paths | %d |" % (len(tally["requests"]) - limit, rest))
    return rows

def report(tmp):
    r = json.load(open(os.path.join(tmp, "results.json")))
    sync, steady, settle, startup = r["sync"], r["steady"], r["settle"], r["startup"]
    prop = r["propagation"]
    lat = prop["latencies"]
    p50, p99 = percentile(lat, 50), percentile(lat, 99)
    rss_mb = r["rssKB"] / 1024
    ok = lambda b: "✅ PASS" if b else "❌ FAIL"
    sync_ok = not sync.get("timeout") and sync["synced"] < 2000
    steady_requests = steady["totalExcludingWatchOpens"]
    out = []
    out.append("### %s" % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    out.append("")
    out.append("- Machine: %d cores (nproc), %s" % (len(os.sched_getaffinity(0)), cpu_model()))
    out.append("- Commit: %s" % commit())
    out.append("- Command: `%s`" % r["command"])
    out.append("- %d projects in namespace `%s` (seeded in %d s, all running after %d s), double's pod ready delay %d ms "
               "and tick %d ms, steady state %d s after a %d s settle, %d propagation samples"
               % (r["projects"], r["namespace"], r["seedSeconds"], r["seedRunningSeconds"], r["podReadyMs"],
                  r["tickMs"], r["duration"], r["settleSeconds"], r["samples"]))
    if r["seedErrors"]:
        out.append("- ⚠️ While seeding, %d projects ended in status error and needed %d refresh round(s)"
                   % (r["seedErrors"], r["seedRefreshes"]))
    out.append("")
    if sync.get("timeout"):
        out.append("- Start and sync: **timed out** after %d s with %d of %d running"
                   % (r["syncTimeout"], sync["runningSeen"], r["projects"]))
    else:
        out.append("- Start and sync: %.0f ms (/livez after %.0f ms, /readyz after %.0f ms, all %d running after "
                   "%.0f ms)" % (sync["synced"], sync["livez"], sync["readyz"], r["projects"], sync["running"]))
    if len(r["restarts"]) > 1:
        out.append("- Restarts timed: %d; the median is reported (sync %s ms; RSS %s MB)" % (
            len(r["restarts"]),
            ", ".join("timed out" if x.get("timeout") else "%.0f" % x["synced"] for x in r["restarts"]),
            ", ".join("%.1f" % (x["rssKB"] / 1024) for x in r["restarts"])))
    out.append("- Requests from launch to sync: %d (%s)" % (startup["total"], ", ".join(
        "%s %s × %d" % (x["verb"], x["path"], x["count"]) for x in startup["requests"][:6]) or "none"))
    out.append("- RSS right after the sync: %.1f MB (median); after the steady state: %.1f MB"
               % (rss_mb, r["rssEndKB"] / 1024))
    out.append("- Settle (%d s right after the sync): %d requests besides %d watch opens"
               % (r["settleSeconds"], settle["totalExcludingWatchOpens"], settle["watchOpens"]))
    out.append("- Steady state (%d s): %d requests besides %d watch opens; %d watches open; CPU %.0f ms manager, "
               "%.0f ms double" % (r["duration"], steady_requests, steady["watchOpens"], steady["openWatches"],
                                    r["managerCpuMs"], r["doubleCpuMs"]))
    if steady["requests"]:
        out.append("")
        out.append("| verb | path | requests in the steady state |")
        out.append("| --- | --- | ---: |")
        out.extend(request_rows(steady))
    out.append("- Propagation (pod Ready in the double → `running` in GET /api/projects/{id}, %d samples, "
               "%d API polls): p50 %.1f ms, p99 %.1f ms, min %.1f ms, max %.1f ms"
               % (len(lat), prop["polls"], p50, p99, lat[0] if lat else float("nan"),
                  lat[-1] if lat else float("nan")))
    if prop["timeouts"] or prop["missingReadyTimes"]:
        out.append("- ⚠️ %d samples never showed running, %d had no Ready time in the double"
                   % (len(prop["timeouts"]), len(prop["missingReadyTimes"])))
    out.append("")
    out.append("Targets:")
    out.append("")
    out.append("- %s start and sync < 2 s: %s" % (ok(sync_ok), "timed out" if sync.get("timeout")
                                                  else "%.0f ms" % sync["synced"]))
    out.append("- %s RSS after sync < 80 MB: %.1f MB" % (ok(rss_mb < 80), rss_mb))
    out.append("- %s ≈ 0 API requests in a %d s steady state: %d (plus %d watch opens)"
               % (ok(steady_requests == 0), r["duration"], steady_requests, steady["watchOpens"]))
    prop_ok = bool(lat) and p99 < 200 and not prop["timeouts"]
    out.append("- %s propagation p99 < 200 ms: p99 %.1f ms (p50 %.1f ms)" % (ok(prop_ok), p99, p50))
    out.append("")
    print("\n".join(out))

if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "wait-synced":
        base, token, expected, started, timeout = args
        print(json.dumps(wait_synced(base, token, int(expected), float(started), float(timeout))))
    elif command == "propagation":
        base, token, double, namespace, samples_file, pod_ready_ms = args
        print(json.dumps(propagation(base, token, double, namespace, samples_file, int(pod_ready_ms))))
    elif command == "report":
        report(args[0])
    else:
        raise SystemExit("unknown command " + command)
PY
bench_py() { PYTHONPATH="$CM_ROOT/bench" python3 "$TMP/bench.py" "$@"; }

# cpu_ms PID — user plus system CPU time of PID so far, in ms.
cpu_ms() {
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' "/proc/$1/stat"
}

DOUBLE_PORT="$(free_port)"
K8S="http://127.0.0.1:$DOUBLE_PORT"
DOUBLE_LOG="$TMP/double.log"
log "starting the Kubernetes API double on $K8S (pod ready delay ${POD_READY_MS} ms, tick ${TICK_MS} ms)"
"$DOUBLE_BIN" --host 127.0.0.1 --port "$DOUBLE_PORT" --pod-ready-delay-ms "$POD_READY_MS" --tick-ms "$TICK_MS" \
    >"$DOUBLE_LOG" 2>&1 </dev/null &
DOUBLE_PID=$!
wait_for_url "$K8S/_double/status" "$DOUBLE_PID" "$DOUBLE_LOG" 30

cat >"$TMP/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: double
  cluster:
    server: $K8S
users:
- name: bench
  user:
    token: bench-token
contexts:
- name: double
  context:
    cluster: double
    user: bench
    namespace: $NAMESPACE
current-context: double
EOF

PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
EMAIL=bench@example.com
PASSWORD="$(random_secret)"
JWT_SECRET="$(random_secret)$(random_secret)"
MASTER_KEY="$(random_secret)$(random_secret)"
mkdir -p "$TMP/data" "$TMP/logs"

# start_server LOGFILE — starts the manager in the background and sets SERVER_PID.
start_server() {
    PORT="$PORT" HOST=127.0.0.1 DATA_DIR="$TMP/data" DATABASE_URL="$TMP/data/claude-manager.sqlite" \
        ADMIN_EMAIL="$EMAIL" ADMIN_PASSWORD="$PASSWORD" JWT_SECRET="$JWT_SECRET" MASTER_KEY="$MASTER_KEY" \
        RUNTIME=kubernetes KUBERNETES_NAMESPACE="$NAMESPACE" PUBLIC_DIR="$CM_ROOT/Public" LOG_DIR="$TMP/logs" \
        "$BIN" serve --kubeconfig "$TMP/kubeconfig" >"$1" 2>&1 </dev/null &
    SERVER_PID=$!
}

log "starting the manager on $BASE (RUNTIME=kubernetes, namespace $NAMESPACE)"
start_server "$TMP/server-seed.log"
wait_for_url "$BASE/livez" "$SERVER_PID" "$TMP/server-seed.log" 60

log "logging in as $EMAIL"
TOKEN="$(curl -fsS -X POST "$BASE/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | json_get token)"
AUTH="Authorization: Bearer $TOKEN"

running_total() {
    curl -fsS -H "$AUTH" "$BASE/api/projects?status=running&limit=1" | json_get total
}

log "seeding $PROJECTS projects (4 in parallel)"
seed_start=$SECONDS
seq 1 "$PROJECTS" | xargs -P 4 -I{} curl -fsS -o /dev/null -X POST "$BASE/api/projects" \
    -H "$AUTH" -H 'Content-Type: application/json' \
    -d '{"name":"bench {}","shortName":"bench-{}","gitRepository":"https://github.com/acme/x.git"}'
SEED_SECONDS=$((SECONDS - seed_start))
log "created $PROJECTS projects in ${SEED_SECONDS}s; waiting until all are running"
# project_ids STATUS — the ids of the projects in STATUS, one a line.
project_ids() {
    python3 - "$BASE" "$TOKEN" "$1" <<'PY'
import json, sys, urllib.request
base, token, status = sys.argv[1:4]
page = 1
while True:
    request = urllib.request.Request("%s/api/projects?status=%s&limit=200&page=%d" % (base, status, page),
                                     headers={"Authorization": "Bearer " + token})
    items = json.load(urllib.request.urlopen(request))["items"]
    if not items:
        break
    print("\n".join(p["id"] for p in items))
    page += 1
PY
}
SEED_ERRORS=0
SEED_REFRESHES=0
for ((i = 0; ; i++)); do
    running="$(running_total)"
    [ "$running" -ge "$PROJECTS" ] && break
    errors="$(curl -fsS -H "$AUTH" "$BASE/api/projects?status=error&limit=1" | json_get total)"
    # Projects the manager gave up on (status error) get a refresh once the rest have settled, up to 5 rounds.
    if [ "$errors" -gt 0 ] && [ $((running + errors)) -ge "$PROJECTS" ] && [ "$SEED_REFRESHES" -lt 5 ]; then
        if [ "$SEED_REFRESHES" -eq 0 ]; then
            SEED_ERRORS="$errors"
            warn "$errors projects in status error; a reason: $(curl -fsS -H "$AUTH" \
                "$BASE/api/projects?status=error&limit=1" | json_get items.0.statusReason)"
        fi
        SEED_REFRESHES=$((SEED_REFRESHES + 1))
        log "refreshing the $errors projects in status error (round $SEED_REFRESHES)"
        project_ids error | xargs -P 4 -I{} curl -fsS -o /dev/null -X POST -H "$AUTH" \
            "$BASE/api/projects/{}/refresh"
    fi
    if [ "$i" -ge 1200 ]; then
        echo "error: $running of $PROJECTS projects running after 20 minutes ($errors in status error)" >&2
        tail -n 20 "$TMP/server-seed.log" >&2
        exit 1
    fi
    if ((i % 10 == 0)); then
        log "$running of $PROJECTS running, $errors in status error"
    fi
    sleep 1
done
SEED_RUNNING_SECONDS=$((SECONDS - seed_start))
log "all $PROJECTS running after ${SEED_RUNNING_SECONDS}s"

# The sample projects for the propagation measurement: id and short name, the first SAMPLES by the list's order.
python3 - "$BASE" "$TOKEN" "$SAMPLES" >"$TMP/samples.txt" <<'PY'
import json, sys, urllib.request
base, token, wanted = sys.argv[1], sys.argv[2], int(sys.argv[3])
found, page = [], 1
while len(found) < wanted:
    request = urllib.request.Request("%s/api/projects?limit=200&page=%d" % (base, page),
                                     headers={"Authorization": "Bearer " + token})
    items = json.load(urllib.request.urlopen(request))["items"]
    if not items:
        break
    found += ["%s %s" % (p["id"], p["shortName"]) for p in items]
    page += 1
print("\n".join(found[:wanted]))
PY

# restart_and_sync N — stops the manager, marks every project starting in its database, starts it again and times
# the sync into sync-N.json (with its RSS in rss-N.txt and the requests it made in startup-N.json).
restart_and_sync() {
    stop_pid "$SERVER_PID" 30
    SERVER_PID=""
    # Without this the restarted manager would list every project as running from its database before it has seen
    # the cluster; marked starting, each shows running only once the manager has synced with the API server.
    python3 - "$TMP/data/claude-manager.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE projects SET status = 'starting', status_reason = NULL, agent_url = NULL")
db.commit()
PY
    curl -fsS -o /dev/null -X POST "$K8S/_double/requests/reset"
    local started_ms
    started_ms="$(python3 -c 'import time; print("%.3f" % (time.time() * 1000))')"
    start_server "$TMP/server-$1.log"
    bench_py wait-synced "$BASE" "$TOKEN" "$PROJECTS" "$started_ms" "$SYNC_TIMEOUT" >"$TMP/sync-$1.json"
    rss_kb "$SERVER_PID" >"$TMP/rss-$1.txt"
    curl -fsS "$K8S/_double/requests" >"$TMP/startup-$1.json"
    log "sync $1 of $RESTARTS: $(cat "$TMP/sync-$1.json"); RSS $(($(cat "$TMP/rss-$1.txt") / 1024)) MB"
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "error: the manager exited during the sync" >&2
        tail -n 40 "$TMP/server-$1.log" >&2
        exit 1
    fi
}

SYNC_TIMEOUT=120
log "restarting the manager $RESTARTS time(s) with every project marked starting in its database"
for ((run = 1; run <= RESTARTS; run++)); do
    restart_and_sync "$run"
done
# The run with the median sync time is reported; the last one keeps running for the steady state and propagation.
MEDIAN_RUN="$(python3 - "$TMP" "$RESTARTS" <<'PY'
import json, os, sys
tmp, runs = sys.argv[1], int(sys.argv[2])
times = sorted((json.load(open(os.path.join(tmp, "sync-%d.json" % i))).get("synced", float("inf")), i)
               for i in range(1, runs + 1))
print(times[(len(times) - 1) // 2][1])
PY
)"
cp "$TMP/sync-$MEDIAN_RUN.json" "$TMP/sync.json"
cp "$TMP/startup-$MEDIAN_RUN.json" "$TMP/startup.json"
RSS_KB="$(python3 -c 'import sys; v = sorted(int(open(f).read()) for f in sys.argv[1:]); print(v[(len(v) - 1) // 2])' \
    "$TMP"/rss-*.txt)"

curl -fsS -o /dev/null -X POST "$K8S/_double/requests/reset"
log "settling for ${SETTLE}s"
sleep "$SETTLE"
curl -fsS "$K8S/_double/requests" >"$TMP/settle.json"
curl -fsS -o /dev/null -X POST "$K8S/_double/requests/reset"
manager_cpu_start="$(cpu_ms "$SERVER_PID")"
double_cpu_start="$(cpu_ms "$DOUBLE_PID")"
log "steady state for ${DURATION}s"
sleep "$DURATION"
curl -fsS "$K8S/_double/requests" >"$TMP/steady.json"
MANAGER_CPU_MS=$(($(cpu_ms "$SERVER_PID") - manager_cpu_start))
DOUBLE_CPU_MS=$(($(cpu_ms "$DOUBLE_PID") - double_cpu_start))
RSS_END_KB="$(rss_kb "$SERVER_PID")"
log "steady state: $(json_get totalExcludingWatchOpens <"$TMP/steady.json") requests besides" \
    "$(json_get watchOpens <"$TMP/steady.json") watch opens"

log "propagation: stopping $SAMPLES projects, then starting them one at a time"
bench_py propagation "$BASE" "$TOKEN" "$K8S" "$NAMESPACE" "$TMP/samples.txt" "$POD_READY_MS" >"$TMP/propagation.json"

python3 - "$TMP" "$COMMAND" "$PROJECTS" "$NAMESPACE" "$DURATION" "$SAMPLES" "$POD_READY_MS" "$SETTLE" \
    "$SEED_SECONDS" "$SEED_RUNNING_SECONDS" "$SYNC_TIMEOUT" "$RSS_KB" "$RSS_END_KB" "$MANAGER_CPU_MS" \
    "$DOUBLE_CPU_MS" "$TICK_MS" "$SEED_ERRORS" "$SEED_REFRESHES" "$RESTARTS" <<'PY'
import json, os, sys
tmp, command, namespace = sys.argv[1], sys.argv[2], sys.argv[4]
(projects, duration, samples, pod_ready, settle, seed, seed_running, sync_timeout, rss, rss_end, manager_cpu,
 double_cpu, tick, seed_errors, seed_refreshes, restarts) = (int(x) for x in sys.argv[3:4] + sys.argv[5:])
load = lambda name: json.load(open(os.path.join(tmp, name + ".json")))
json.dump({
    "command": command, "projects": projects, "namespace": namespace, "duration": duration, "samples": samples,
    "podReadyMs": pod_ready, "tickMs": tick, "seedErrors": seed_errors, "seedRefreshes": seed_refreshes, "settleSeconds": settle, "seedSeconds": seed, "seedRunningSeconds": seed_running,
    "syncTimeout": sync_timeout, "rssKB": rss, "rssEndKB": rss_end, "managerCpuMs": manager_cpu,
    "doubleCpuMs": double_cpu, "sync": load("sync"), "startup": load("startup"), "settle": load("settle"),
    "steady": load("steady"), "propagation": load("propagation"),
    "restarts": [dict(load("sync-%d" % i), rssKB=int(open(os.path.join(tmp, "rss-%d.txt" % i)).read()))
                 for i in range(1, restarts + 1)],
}, open(os.path.join(tmp, "results.json"), "w"))
PY

SECTION="$TMP/section.md"
bench_py report "$TMP" >"$SECTION"
echo
cat "$SECTION"
if [ "$APPEND" = 1 ]; then
    { echo; cat "$SECTION"; } >>"$README"
    log "appended to ${README#"$CM_ROOT"/}"
fi
