import ArgumentParser
import ClaudeManager
import Configuration
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import SystemPackage

/// The `claude-manager` command line.
@main
struct ClaudeManagerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claude-manager",
        abstract: "Control plane for Claude Code development environments.",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )

    static func main() async {
        // Swift Concurrency runs its jobs on the NIO event loops that do the I/O, so a request no longer hops
        // between NIO's threads and the concurrency pool on its way through the async handlers (+25% requests/s
        // on the project routes, bench/README.md). On the main thread, before the command schedules anything.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }
}

/// `claude-manager serve`: the API, the web UI and the runtime in one process.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the REST API and web UI and run the projects.",
        discussion: """
            Configuration comes from environment variables, then a .env file in the working directory:

            \(AppConfiguration.documentedVariables.map { "  \($0.name.padding(toLength: 28, withPad: " ", startingAt: 0))\($0.meaning)" }.joined(separator: "\n"))
            """
    )

    @Option(name: .long, help: "Read variables from this file instead of ./.env.")
    var envFile: String = ".env"

    @Option(name: .long, help: "Run projects on the cluster of this kubeconfig file (overrides KUBECONFIG).")
    var kubeconfig: String?

    func run() async throws {
        Heap.returnLargeBlocksWhenFreed()
        let configuration: AppConfiguration
        do {
            // The one read of the process environment; everything else gets it from the configuration.
            let environment = ProcessInfo.processInfo.environment
            let reader = ConfigReader(providers: [
                EnvironmentVariablesProvider(environmentVariables: environment),
                try await EnvironmentVariablesProvider(environmentFilePath: .init(envFile), allowMissing: true),
            ])
            var loaded = try AppConfiguration.load(from: reader)
            loaded.kubernetes.kubeconfigPath = kubeconfig
            loaded.processEnvironment = environment
            configuration = loaded
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("claude-manager: \(error.description)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("claude-manager: cannot read configuration: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let files = try JSONLogFiles(directory: configuration.server.logDirectory)
        defer { files.close() }  // what is still queued reaches the files however serve ends
        let level = configuration.server.logLevel
        /// The console at `consoleLevel`, and the JSON files at `level`.
        @Sendable func handler(_ label: String, consoleLevel: Logger.Level) -> MultiplexLogHandler {
            var stream = StreamLogHandler.standardOutput(label: label)
            stream.logLevel = consoleLevel
            return MultiplexLogHandler([stream, JSONLogHandler(label: label, files: files, level: level)])
        }
        LoggingSystem.bootstrap { handler($0, consoleLevel: level) }
        var logger = Logger(label: "claude-manager")
        logger.logLevel = level
        // One line per request in the files; on the console only failures, unless debugging.
        let accessLogger = Logger(label: "claude-manager.access") {
            handler($0, consoleLevel: level <= .debug ? level : max(level, .error))
        }
        do {
            let (application, _) = try await buildApplication(
                configuration: configuration,
                logger: logger,
                accessLogger: accessLogger
            )
            logger.info(
                "claude-manager listening",
                metadata: ["http.address": "\(configuration.server.host):\(configuration.server.port)"]
            )
            try await application.runService()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("claude-manager: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}
