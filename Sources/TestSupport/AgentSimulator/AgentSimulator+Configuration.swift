extension AgentSimulator {
    /// Settings of one simulated AgentAPI server.
    ///
    /// Keys: `host`, `port` (0 picks a free port), `replyDelay` (before a `user` POST answers),
    /// `replyStepInterval` (between growth steps of the reply), `stableAfter` (quiet period before
    /// `stable`), `allowedHosts` (`*` allows all), `workingDirectory` (shown on the welcome screen),
    /// `faults`.
    package struct Configuration: Sendable {
        /// The address to bind, `127.0.0.1` unless told.
        package var host: String
        /// The port to bind; 0 lets the system pick one.
        package var port: Int
        /// How long a `user` POST waits before the message is recorded and the call answers.
        package var replyDelay: Duration
        /// The pause between two growth steps of the streamed agent reply.
        package var replyStepInterval: Duration
        /// How long the screen has to stay unchanged before the status turns `stable`.
        package var stableAfter: Duration
        /// Hostnames accepted in the `Host` header, port and case ignored; `*` accepts any.
        package var allowedHosts: [String]
        /// The directory named on the welcome screen (message 0).
        package var workingDirectory: String
        /// Misbehaviour to inject.
        package var faults: Faults

        /// AgentAPI's own defaults: a 2 s quiet period and hosts `localhost,127.0.0.1,[::1]`.
        package init(
            host: String = "127.0.0.1",
            port: Int = 3284,
            replyDelay: Duration = .milliseconds(300),
            replyStepInterval: Duration = .milliseconds(400),
            stableAfter: Duration = .seconds(2),
            allowedHosts: [String] = ["localhost", "127.0.0.1", "[::1]"],
            workingDirectory: String = "/workspace",
            faults: Faults = Faults()
        ) {
            self.host = host
            self.port = port
            self.replyDelay = replyDelay
            self.replyStepInterval = replyStepInterval
            self.stableAfter = stableAfter
            self.allowedHosts = allowedHosts
            self.workingDirectory = workingDirectory
            self.faults = faults
        }

        /// Fast timings on `127.0.0.1`, port 0, for tests.
        package static var testing: Configuration {
            Configuration(
                port: 0,
                replyDelay: .milliseconds(20),
                replyStepInterval: .milliseconds(20),
                stableAfter: .milliseconds(200)
            )
        }
    }
}
