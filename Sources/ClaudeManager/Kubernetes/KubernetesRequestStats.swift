import Synchronization

/// The verbs requests are counted by (PROTOCOLS.md 3.9, plus `proxy` for raw requests).
package enum KubernetesVerb: String, Sendable, Hashable, CaseIterable {
    case get
    case list
    case watch
    case patch
    case delete
    case proxy
}

/// Thread-safe counts of the requests a client sent, by verb; every attempt counts, retries included.
package final class KubernetesRequestStats: Sendable {
    private struct Counts {
        var requests: [KubernetesVerb: Int] = [:]
        var retries = 0
    }

    private let counts = Mutex(Counts())

    package init() {}

    /// Requests sent so far by verb.
    package var requests: [KubernetesVerb: Int] { counts.withLock { $0.requests } }

    /// All requests sent so far.
    package var total: Int { counts.withLock { $0.requests.values.reduce(0, +) } }

    /// How many attempts were repeats of a failed one.
    package var retries: Int { counts.withLock { $0.retries } }

    func record(_ verb: KubernetesVerb) {
        counts.withLock { $0.requests[verb, default: 0] += 1 }
    }

    func recordRetry() {
        counts.withLock { $0.retries += 1 }
    }
}
