import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// Runs each project as a workspace folder and an agent process on this machine.
package actor LocalRuntime: WorkloadRuntime, Service {
    package nonisolated let kind = RuntimeKind.local
    let configuration: LocalRuntimeConfiguration
    /// Whether agents run in the bubblewrap sandbox, as probed at start.
    package nonisolated let sandbox: LocalSandboxState
    let httpClient: HTTPClient
    let logger: Logger
    var agents: [String: AgentRecord] = [:]
    let launches: AsyncStream<AgentLaunch>
    let launchContinuation: AsyncStream<AgentLaunch>.Continuation
    private let changeStream: AsyncStream<ObservedChange>
    let changeContinuation: AsyncStream<ObservedChange>.Continuation

    /// One agent process the runtime started.
    struct AgentRecord {
        var launchID: UUID
        var projectID: String
        var shortName: String
        var port: Int
        var pid: Int32?
        var phase: Phase
        var exit: String?
        var isStopRequested = false
        /// Whether `pid` is bubblewrap's, with the agent further down.
        var isSandboxed = false

        enum Phase {
            case starting
            case running
            case stopping
            case exited
        }
    }

    /// A request to start an agent, carried out in the runtime's task group.
    struct AgentLaunch: Sendable {
        var launchID: UUID
        var project: Project
        var argv: [String]
        var environment: [String: String]
        var isSandboxed: Bool
    }

    /// - Parameter sandbox: from ``LocalSandbox/probe(_:)`` with `configuration.sandbox`.
    package init(
        configuration: LocalRuntimeConfiguration,
        sandbox: LocalSandboxState,
        httpClient: HTTPClient,
        logger: Logger
    ) {
        self.configuration = configuration
        self.sandbox = sandbox
        self.httpClient = httpClient
        self.logger = logger
        (launches, launchContinuation) = AsyncStream.makeStream()
        (changeStream, changeContinuation) = AsyncStream.makeStream()
    }

    package nonisolated func changes() -> AsyncStream<ObservedChange> { changeStream }

    package func apply(_ workload: Workload) async throws {
        let workspace = configuration.workspace(of: workload.project)
        if FileManager.default.fileExists(atPath: workspace) { return }
        let cloner = GitCloner(
            knownHostsFile: configuration.knownHostsFile,
            timeout: configuration.cloneTimeout,
            childEnvironment: configuration.childEnvironment,
            logger: logger
        )
        try await cloner.clone(workload.project.gitRepository, into: workspace, secret: workload.gitSecret)
    }

    package nonisolated func hasKeptWorkspace(shortName: String) async throws -> Bool {
        let path = (configuration.workspacesDirectory as NSString).appendingPathComponent(shortName)
        return FileManager.default.fileExists(atPath: path)
    }

    package func setRunning(_ workload: Workload, _ isRunning: Bool) async throws -> ObservedState {
        isRunning ? try await start(workload) : await stop(workload.project)
    }

    package func delete(_ project: Project, keepingVolumes: Bool) async throws {
        _ = await stop(project)
        try? FileManager.default.removeItem(atPath: configuration.pidFile(of: project))  // nil: may not exist
        guard !keepingVolumes else { return }
        let paths = [
            configuration.workspace(of: project), configuration.logFile(of: project),
            configuration.sandboxFolder(of: project),
        ]
        // A workspace can take seconds to remove; not on the threads that serve requests.
        try await NIOThreadPool.singleton.runIfActive {
            for path in paths where FileManager.default.fileExists(atPath: path) {
                do {
                    try FileManager.default.removeItem(atPath: path)
                } catch {
                    throw WorkloadError.io("could not remove \(path): \(error.localizedDescription)")
                }
            }
        }
    }

    package func state(of project: Project) -> ObservedState {
        if let record = agents[project.id] {
            switch record.phase {
            case .starting: return .starting
            case .running: return .running(agentURL: "http://127.0.0.1:\(record.port)")
            case .stopping: return .stopping
            case .exited:
                if !record.isStopRequested { return .failed(reason: record.exit ?? "agent exited") }
            }
        }
        return FileManager.default.fileExists(atPath: configuration.workspace(of: project)) ? .stopped : .absent
    }

    /// Reads up to the last 4 MiB of the log on the thread pool, not on an event loop.
    package func logs(of project: Project, lines: Int) async throws -> [String] {
        let path = configuration.logFile(of: project)
        return try await NIOThreadPool.singleton.runIfActive { try LocalProcesses.tail(of: path, lines: lines) }
    }

    /// Settings take effect at the next agent start; there is nothing to re-apply.
    package func isOutdated(_ project: Project) -> Bool { false }

    /// Local processes have no event history beyond their log.
    package func events(of project: Project) -> [WorkloadEvent] { [] }

    /// Workspaces carry no project record, so there is nothing to adopt locally.
    package func discoverProjects(excluding knownProjectIDs: Set<String>) -> [Workload] { [] }

    package func health() -> ComponentHealth {
        let availability = agentAvailability()
        let running = agents.values.filter { $0.phase == .running }.count
        guard FileManager.default.isWritableFile(atPath: configuration.dataDirectory) else {
            return ComponentHealth(.down, "data directory \(configuration.dataDirectory) is not writable")
        }
        if !availability.missingBinaries.isEmpty {
            let missing = availability.missingBinaries.joined(separator: ", ")
            return ComponentHealth(.degraded, "local runtime: \(missing) not found on PATH")
        }
        switch sandbox {
        case .unavailable(let reason):
            return ComponentHealth(.degraded, "local runtime: the agent sandbox is unavailable: \(reason)")
        case .off:
            return ComponentHealth(.ok, "local runtime, \(running) agent(s) running without a sandbox")
        case .on:
            return ComponentHealth(.ok, "local runtime, \(running) agent(s) running")
        }
    }

    package nonisolated func agentAvailability() -> AgentAvailability {
        let command = configuration.command
        let path = configuration.childEnvironment.searchPath
        let missing = command.requiredBinaries.filter { ExecutableLocator.locate($0, path: path) == nil }
        return AgentAvailability(
            command: command.words.joined(separator: " "),
            missingBinaries: missing.map { ($0 as NSString).lastPathComponent },
            isSimulatorAvailable: FileManager.default.isExecutableFile(atPath: command.simulatorPath),
            isSimulator: command.isSimulator,
            localSandbox: sandbox
        )
    }

}
