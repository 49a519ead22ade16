import Hummingbird
import Logging
import NIOCore
import ScopedServices
import ServiceLifecycle

/// A test double of coder/agentapi in front of Claude Code, speaking its wire protocol over real HTTP.
///
/// Run it as a `Service` (the `agent-simulator` executable does), or scoped with
/// ``withRunning(configuration:logger:isolation:_:)`` in tests.
package struct AgentSimulator: Service {
    package let configuration: Configuration
    private let logger: Logger
    private let conversation: SimulatedConversation
    private let gate = ReadWriteGate()
    private let onListening: @Sendable (_ host: String, _ port: Int) async -> Void

    /// A simulator; `onListening` is told the bound address once the server accepts connections.
    package init(
        configuration: Configuration = Configuration(),
        logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.conversation = SimulatedConversation(configuration: configuration, logger: logger)
        self.onListening = onListening
    }

    /// Serves until graceful shutdown; the conversation starts over, with ids from 0, on every run.
    package func run() async throws {
        await conversation.start()
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(
            middleware: HostCheckMiddleware(
                allowedHosts: configuration.allowedHosts,
                rejectsEveryHost: configuration.faults.rejectsEveryHost
            )
        )
        router.add(middleware: FaultInjectionMiddleware(faults: configuration.faults))
        AgentAPIController(conversation: conversation, gate: gate, configuration: configuration)
            .addRoutes(to: router)
        let host = configuration.host
        let port = configuration.port
        let onListening = self.onListening
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            services: [ConversationTicker(conversation: conversation)],
            onServerRunning: { channel in
                await onListening(host, channel.localAddress?.port ?? port)
            },
            logger: logger
        )
        try await application.run()
    }

    /// The startup screen the simulated agent shows as message 0.
    package var welcomeScreen: String {
        ClaudeScreen.welcome(workingDirectory: configuration.workingDirectory)
    }

    /// Reports an error of the agent: an `agent_error` event, replayed to later subscribers (the last 100).
    package func reportAgentError(_ message: String, level: AgentErrorLevel = .error) async {
        await conversation.recordAgentError(message, level: level)
    }

    /// Sets or lifts the `never-stable` fault at run time.
    package func setNeverStable(_ value: Bool) async {
        await conversation.setNeverStable(value)
    }

    /// How many requests wait for AgentAPI's lock (held by a `user` POST).
    package var lockWaiterCount: Int {
        get async { await gate.waitingCount }
    }

    /// Runs a simulator while `body` does, then shuts it down gracefully.
    ///
    /// - Parameter configuration: use port 0 so parallel tests do not collide.
    package static func withRunning<Result>(
        configuration: Configuration = .testing,
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RunningAgentSimulator) async throws -> Result
    ) async throws -> Result {
        try await withListeningService(
            logger: logger,
            stoppedBeforeListening: AgentSimulatorError.stoppedBeforeListening,
            makeService: { onListening in
                AgentSimulator(configuration: configuration, logger: logger) { host, port in onListening(host, port) }
            },
            body: { simulator, listening in
                try await body(
                    RunningAgentSimulator(
                        host: listening.host,
                        port: listening.port,
                        simulator: simulator,
                        group: listening.group
                    )
                )
            }
        )
    }
}
