extension AgentSimulator {
    /// Misbehaviour the simulator injects; everything is off by default.
    ///
    /// Keys: `latency` (added to every request), `serverErrorRate` (fraction of requests answered
    /// with `serverErrorStatus`), `serverErrorEvery` (every Nth request answered so), `serverErrorStatus`,
    /// `isNeverStable`, `postHang` (extra wait inside every `user` POST, holding the lock),
    /// `dropEventsAfter` (close each SSE stream after N events), `rejectsEveryHost`.
    package struct Faults: Sendable, Equatable {
        /// Added to every request before it is handled.
        package var latency: Duration
        /// The fraction of requests, 0 to 1, answered with `serverErrorStatus` instead of being handled.
        package var serverErrorRate: Double
        /// When set, every Nth request (counting from 1) is answered with `serverErrorStatus`.
        package var serverErrorEvery: Int?
        /// The status code of injected server errors.
        package var serverErrorStatus: Int
        /// Keeps the agent `running` for ever, so every `user` POST is busy.
        package var isNeverStable: Bool
        /// Extra time a `user` POST waits, holding the lock, before it answers.
        package var postHang: Duration
        /// When set, each SSE stream is closed after this many events, replay included.
        package var dropEventsAfter: Int?
        /// Answers every request with AgentAPI's 400 for a wrong `Host`.
        package var rejectsEveryHost: Bool

        /// Faults as given; the defaults inject nothing.
        package init(
            latency: Duration = .zero,
            serverErrorRate: Double = 0,
            serverErrorEvery: Int? = nil,
            serverErrorStatus: Int = 503,
            isNeverStable: Bool = false,
            postHang: Duration = .zero,
            dropEventsAfter: Int? = nil,
            rejectsEveryHost: Bool = false
        ) {
            self.latency = latency
            self.serverErrorRate = serverErrorRate
            self.serverErrorEvery = serverErrorEvery
            self.serverErrorStatus = serverErrorStatus
            self.isNeverStable = isNeverStable
            self.postHang = postHang
            self.dropEventsAfter = dropEventsAfter
            self.rejectsEveryHost = rejectsEveryHost
        }

        /// Faults from command-line specifications such as `latency=200ms`, `error-every=3`, `never-stable`.
        ///
        /// Accepted: `latency=<duration>`, `error-rate=<0…1>`, `error-every=<n>`, `error-status=<500…599>`,
        /// `never-stable`, `post-hang=<duration>`, `drop-events-after=<n>`, `reject-host`. A duration is
        /// a number of milliseconds, optionally suffixed `ms` or `s`.
        package init(parsing specifications: [String]) throws(FaultSpecificationError) {
            self.init()
            for specification in specifications {
                try apply(specification)
            }
        }

        private mutating func apply(_ specification: String) throws(FaultSpecificationError) {
            let parts = specification.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts.first ?? ""
            let value = parts.count > 1 ? parts[1] : nil
            func fail(_ reason: String) -> FaultSpecificationError {
                FaultSpecificationError(specification: specification, reason: reason)
            }
            func required() throws(FaultSpecificationError) -> String {
                guard let value, !value.isEmpty else { throw fail("needs a value") }
                return value
            }
            func count() throws(FaultSpecificationError) -> Int {
                guard let number = Int(try required()), number > 0 else { throw fail("needs a positive integer") }
                return number
            }
            func duration() throws(FaultSpecificationError) -> Duration {
                guard let parsed = Self.parseDuration(try required()) else {
                    throw fail("needs a duration such as 250ms or 2s")
                }
                return parsed
            }
            switch name {
            case "latency":
                latency = try duration()
            case "error-rate":
                guard let rate = Double(try required()), (0...1).contains(rate) else {
                    throw fail("needs a fraction between 0 and 1")
                }
                serverErrorRate = rate
            case "error-every":
                serverErrorEvery = try count()
            case "error-status":
                guard let status = Int(try required()), (500...599).contains(status) else {
                    throw fail("needs a status between 500 and 599")
                }
                serverErrorStatus = status
            case "never-stable" where value == nil:
                isNeverStable = true
            case "post-hang":
                postHang = try duration()
            case "drop-events-after":
                dropEventsAfter = try count()
            case "reject-host" where value == nil:
                rejectsEveryHost = true
            case "never-stable", "reject-host":
                throw fail("takes no value")
            default:
                throw fail("is not a known fault")
            }
        }

        private static func parseDuration(_ text: String) -> Duration? {
            if text.hasSuffix("ms"), let milliseconds = Int(text.dropLast(2)), milliseconds >= 0 {
                return .milliseconds(milliseconds)
            }
            if text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds >= 0 {
                return .milliseconds(Int((seconds * 1000).rounded()))
            }
            if let milliseconds = Int(text), milliseconds >= 0 {
                return .milliseconds(milliseconds)
            }
            return nil
        }
    }
}
