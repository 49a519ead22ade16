import HTTPTypes
import Hummingbird

/// The control API under `/_double/`, for benchmarks and scripts that drive the double from another process.
///
/// - `GET /_double/status`: `{"openWatches", "resourceVersion"}`.
/// - `GET /_double/requests[?excludeWatches=true]`: the request tally since the last reset, by RBAC verb and path:
///   `{"total", "watchOpens", "totalExcludingWatchOpens", "openWatches", "requests": [{"verb", "path", "count"}]}`.
///   A watch counts once, as `watch`, when it is opened; streams that stay open add nothing.
/// - `POST /_double/requests/reset`: starts the tally from zero (204).
/// - `GET /_double/faults`: the faults served since the start (never reset): `{"injectedErrors": {"503": n},
///   "injectedErrorTotal", "droppedWatches", "expiredWatchResumes", "expiredContinueTokens"}`.
/// - `GET /_double/ready-times[?namespace=NS]`: `{"<pod>": <ms since 1970>}`, when each current pod last turned
///   Ready, by the double's wall clock.
///
/// Control requests are neither counted nor faulted. Kubernetes paths never start with `/_`, so they cannot clash.
extension KubernetesAPIResponder {
    /// The prefix of every control path.
    static let controlPrefix = "/_double/"

    static func isControlPath(_ path: String) -> Bool {
        path.hasPrefix(controlPrefix) || path == "/_double"
    }

    func control(_ request: Request) async throws -> Response {
        let query = Self.query(of: request)
        switch (request.method, String(request.uri.path.dropFirst(Self.controlPrefix.count))) {
        case (.get, "status"):
            let openWatches = await store.openWatchCount
            let resourceVersion = await store.resourceVersion
            return Self.json(
                ["openWatches": .int(openWatches), "resourceVersion": .int(resourceVersion)],
                status: .ok
            )
        case (.get, "requests"):
            return Self.json(
                await requestTally(excludingWatches: Self.isTrue(query["excludeWatches"])),
                status: .ok
            )
        case (.post, "requests/reset"):
            faults.resetRequestCounts()
            return Response(status: .noContent)
        case (.get, "faults"):
            return Self.json(await faultTally(), status: .ok)
        case (.get, "ready-times"):
            let times = await store.podReadyTimes(namespace: query["namespace"])
            return Self.json(.object(times.mapValues { .number($0) }), status: .ok)
        case (_, "status"), (_, "requests"), (_, "requests/reset"), (_, "ready-times"), (_, "faults"):
            return KubernetesAPIError.methodNotAllowed().response()
        default:
            return KubernetesAPIError.pathNotFound().response()
        }
    }

    /// The fault tally as JSON.
    private func faultTally() async -> JSONValue {
        let tally = faults.completing(await store.tally)
        let byCode = Dictionary(
            uniqueKeysWithValues: tally.injectedErrors.map { (String($0.key), JSONValue.int($0.value)) }
        )
        return [
            "injectedErrors": .object(byCode), "injectedErrorTotal": .int(tally.injectedErrorTotal),
            "droppedWatches": .int(tally.droppedWatches), "expiredWatchResumes": .int(tally.expiredWatchResumes),
            "expiredContinueTokens": .int(tally.expiredContinueTokens),
        ]
    }

    /// The tally as JSON, busiest first; `excludingWatches` leaves watch opens out of `requests`.
    private func requestTally(excludingWatches: Bool) async -> JSONValue {
        let counts = faults.requestCounts
        let total = counts.values.reduce(0, +)
        let watchOpens = counts.filter { $0.key.verb == "watch" }.values.reduce(0, +)
        let rows =
            counts
            .filter { !excludingWatches || $0.key.verb != "watch" }
            .sorted { ($1.value, $0.key.verb, $0.key.path) < ($0.value, $1.key.verb, $1.key.path) }
            .map { request, count -> JSONValue in
                ["verb": .string(request.verb), "path": .string(request.path), "count": .int(count)]
            }
        return [
            "total": .int(total), "watchOpens": .int(watchOpens), "totalExcludingWatchOpens": .int(total - watchOpens),
            "openWatches": .int(await store.openWatchCount), "requests": .array(rows),
        ]
    }
}

extension RunningKubernetesDouble {
    /// When each pod of `namespace` (nil: every namespace) last turned Ready, in wall-clock ms since 1970.
    package func podReadyTimes(namespace: String? = nil) async -> [String: Double] {
        await double.store.podReadyTimes(namespace: namespace)
    }
}
