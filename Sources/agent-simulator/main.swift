import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TestSupport
import UnixSignals

/// `agent-simulator`: a stand-in for `agentapi server` in front of Claude Code, for tests and demo mode.
struct AgentSimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-simulator",
        abstract: "Serve coder/agentapi's HTTP API over a scripted Claude Code session."
    )

    @Option(name: [.customShort("p"), .long], help: "The port to listen on; 0 picks a free one.")
    var port = 3284

    @Option(help: "The address to bind.")
    var host = "127.0.0.1"

    @Option(name: .customLong("reply-delay-ms"), help: "How long a user message POST takes to answer.")
    var replyDelayMilliseconds = 300

    @Option(name: .customLong("reply-step-ms"), help: "The pause between growth steps of a reply.")
    var replyStepMilliseconds = 400

    @Option(name: .customLong("stable-after-ms"), help: "The quiet period before the status turns stable.")
    var stableAfterMilliseconds = 2000

    @Option(
        name: .customLong("allowed-hosts"),
        parsing: .upToNextOption,
        help: "Hostnames accepted in the Host header, comma- or space-separated; '*' accepts any."
    )
    var allowedHosts = ["localhost", "127.0.0.1", "[::1]"]

    @Option(
        name: .customLong("fault"),
        help: """
            A fault to inject, repeatable: latency=<ms>, error-rate=<0…1>, error-every=<n>, error-status=<5xx>, \
            never-stable, post-hang=<ms>, drop-events-after=<n>, reject-host.
            """
    )
    var faults: [String] = []

    @Option(name: .customLong("cwd"), help: "The directory shown on the welcome screen; the current one by default.")
    var workingDirectory: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        let durations = [replyDelayMilliseconds, replyStepMilliseconds, stableAfterMilliseconds]
        guard durations.allSatisfy({ $0 >= 0 }) else { throw ValidationError("durations must not be negative") }
        guard !hostList.isEmpty else { throw ValidationError("--allowed-hosts must not be empty") }
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardOutput)
        let logger = Logger(label: "agent-simulator")
        let parsedFaults: AgentSimulator.Faults
        do {
            parsedFaults = try AgentSimulator.Faults(parsing: faults)
        } catch {
            throw ValidationError(error.description)
        }
        let configuration = AgentSimulator.Configuration(
            host: host,
            port: port,
            replyDelay: .milliseconds(replyDelayMilliseconds),
            replyStepInterval: .milliseconds(replyStepMilliseconds),
            stableAfter: .milliseconds(stableAfterMilliseconds),
            allowedHosts: hostList,
            workingDirectory: workingDirectory ?? FileManager.default.currentDirectoryPath,
            faults: parsedFaults
        )
        let welcomeScreen = AgentSimulator(configuration: configuration, logger: logger).welcomeScreen
        let simulator = AgentSimulator(configuration: configuration, logger: logger) { host, port in
            Self.emit("agent-simulator listening on \(host):\(port)")
            Self.emit(welcomeScreen)
        }
        let group = ServiceGroup(
            services: [simulator],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        try await group.run()
    }

    private var hostList: [String] {
        allowedHosts.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " }) }.map(String.init)
    }

    /// Writes a line to standard output at once, even when it is a pipe or a file.
    private static func emit(_ line: String) {
        print(line)
        fflush(nil)
    }
}

do {
    let command = try AgentSimulatorCommand.parse()
    try await command.run()
} catch {
    AgentSimulatorCommand.exit(withError: error)
}
