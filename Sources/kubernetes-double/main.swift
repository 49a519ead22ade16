import ArgumentParser
import Foundation
import KubernetesDouble
import Logging
import ServiceLifecycle
import UnixSignals

/// `kubernetes-double`: the Kubernetes API server test double as a process, for benchmarks and manual runs.
struct KubernetesDoubleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubernetes-double",
        abstract: "Serve the Kubernetes API the manager uses over a simulated cluster, with a control API.",
        discussion: """
            Prints `kubernetes-double listening on http://HOST:PORT` once it accepts connections. Besides the \
            Kubernetes paths it answers GET /_double/status, GET /_double/requests[?excludeWatches=true], \
            POST /_double/requests/reset and GET /_double/ready-times[?namespace=NS] (docs/kubernetes-double.md).
            """
    )

    @Option(name: [.customShort("p"), .long], help: "The port to listen on; 0 picks a free one.")
    var port = 0

    @Option(help: "The address to bind.")
    var host = "127.0.0.1"

    @Option(name: .customLong("pod-ready-delay-ms"), help: "How long a new pod stays Pending before it turns Ready.")
    var podReadyDelayMilliseconds = 500

    @Option(name: .customLong("tick-ms"), help: "How often the simulated controller and kubelet run.")
    var tickMilliseconds = 20

    @Option(name: .customLong("watch-history"), help: "How many changes a watch can resume across.")
    var watchHistoryLimit = 1000

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "notice"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard podReadyDelayMilliseconds >= 0 else { throw ValidationError("--pod-ready-delay-ms must not be negative") }
        guard tickMilliseconds > 0 else { throw ValidationError("--tick-ms must be positive") }
        guard watchHistoryLimit > 0 else { throw ValidationError("--watch-history must be positive") }
        guard Logger.Level(rawValue: logLevel.lowercased()) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "kubernetes-double")
        logger.logLevel = Logger.Level(rawValue: logLevel.lowercased()) ?? .notice
        var configuration = KubernetesDouble.Configuration()
        configuration.host = host
        configuration.port = port
        configuration.podReadyDelay = .milliseconds(podReadyDelayMilliseconds)
        configuration.tickInterval = .milliseconds(tickMilliseconds)
        configuration.watchHistoryLimit = watchHistoryLimit
        let double = KubernetesDouble(configuration: configuration, logger: logger) { host, port in
            let address = host.contains(":") ? "[\(host)]" : host
            Self.emit("kubernetes-double listening on http://\(address):\(port)")
        }
        let group = ServiceGroup(
            services: [double],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        try await group.run()
    }

    /// Writes a line to standard output at once, even when it is a pipe or a file.
    private static func emit(_ line: String) {
        print(line)
        fflush(nil)
    }
}

do {
    let command = try KubernetesDoubleCommand.parse()
    try await command.run()
} catch {
    KubernetesDoubleCommand.exit(withError: error)
}
