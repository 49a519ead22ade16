import Synchronization

/// Faults set at run time and the request tally, shared by the responder and the test's controls.
package final class FaultInjector: Sendable {
    /// What to do to requests.
    package struct Faults: Sendable, Hashable {
        /// Added before every answer.
        package var latency = Duration.zero
        /// Every Nth request (counted from 1) answers 500.
        package var serverErrorEvery: Int?
        /// This fraction of requests, at random, answers 500.
        package var serverErrorRate = 0.0
        /// The code the two faults above answer: 500, 503, 504 or 429 (with `Retry-After: 1`).
        package var serverErrorCode = 500
        /// When set, a request without `Authorization: Bearer <this>` answers 401 `Unauthorized`.
        package var requiredBearerToken: String?

        package init() {}
    }

    /// The decision for one request.
    struct Decision: Sendable {
        var request: KubernetesRequest
        var latency: Duration
        /// The injected error code, or `nil` to serve the request.
        var errorCode: Int?
        var number: Int
        var requiredBearerToken: String?
    }

    private struct State {
        var faults = Faults()
        var requestNumber = 0
        var counts: [KubernetesRequest: Int] = [:]
        var injectedErrors: [Int: Int] = [:]
        var injectedErrorsByRequest: [KubernetesRequest: Int] = [:]
    }

    private let state = Mutex(State())

    package init() {}

    /// The faults in force.
    package var faults: Faults {
        get { state.withLock { $0.faults } }
        set { state.withLock { $0.faults = newValue } }
    }

    /// Requests served so far by verb and path, faulted ones included.
    package var requestCounts: [KubernetesRequest: Int] { state.withLock { $0.counts } }

    /// Starts counting from zero.
    package func resetRequestCounts() {
        state.withLock { $0.counts = [:] }
    }

    /// `tally` (the store's watch and list faults) with the injected error answers since the start filled in.
    func completing(_ tally: FaultTally) -> FaultTally {
        var tally = tally
        (tally.injectedErrors, tally.injectedErrorsByRequest) = state.withLock {
            ($0.injectedErrors, $0.injectedErrorsByRequest)
        }
        return tally
    }

    /// Counts an injected error answer with `code` to `request`.
    func recordInjectedError(_ code: Int, for request: KubernetesRequest) {
        state.withLock { state in
            state.injectedErrors[code, default: 0] += 1
            state.injectedErrorsByRequest[request, default: 0] += 1
        }
    }

    /// Counts a request and decides its faults.
    func begin(_ request: KubernetesRequest) -> Decision {
        state.withLock { state in
            state.requestNumber += 1
            state.counts[request, default: 0] += 1
            let faults = state.faults
            let isEveryNth = faults.serverErrorEvery.map { $0 > 0 && state.requestNumber.isMultiple(of: $0) } ?? false
            let isUnlucky = faults.serverErrorRate > 0 && Double.random(in: 0..<1) < faults.serverErrorRate
            return Decision(
                request: request,
                latency: faults.latency,
                errorCode: isEveryNth || isUnlucky ? faults.serverErrorCode : nil,
                number: state.requestNumber,
                requiredBearerToken: faults.requiredBearerToken
            )
        }
    }
}
