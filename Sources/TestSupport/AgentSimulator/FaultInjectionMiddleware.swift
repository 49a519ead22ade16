import HTTPTypes
import Hummingbird
import Synchronization

/// Injects the configured request faults: added latency, then a 5xx for a fraction or every Nth request.
struct FaultInjectionMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Numbers requests from 1, across all connections.
    private final class RequestCounter: Sendable {
        private let count = Atomic<Int>(0)

        func next() -> Int {
            count.add(1, ordering: .relaxed).newValue
        }
    }

    private let faults: AgentSimulator.Faults
    private let counter = RequestCounter()

    init(faults: AgentSimulator.Faults) {
        self.faults = faults
    }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if faults.latency > .zero {
            try await Task.sleep(for: faults.latency)
        }
        let number = counter.next()
        let isEveryNth = faults.serverErrorEvery.map { number.isMultiple(of: $0) } ?? false
        let isUnlucky = faults.serverErrorRate > 0 && Double.random(in: 0..<1) < faults.serverErrorRate
        guard isEveryNth || isUnlucky else {
            return try await next(request, context)
        }
        let problem = ProblemDetails(
            status: HTTPResponse.Status(code: faults.serverErrorStatus),
            detail: "simulated fault",
            errors: [.init(message: "agent-simulator injected this \(faults.serverErrorStatus) (request \(number))")]
        )
        return try problem.response(host: request.host)
    }
}
