import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Subprocess
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

extension LocalRuntime {
    /// Cleans up agents a killed manager left behind, then runs agent processes until shutdown.
    package func run() async throws {
        try FileManager.default.createDirectory(
            atPath: configuration.agentsDirectory,
            withIntermediateDirectories: true
        )
        await stopOrphans()
        await withDiscardingTaskGroup { group in
            for await launch in launches.cancelOnGracefulShutdown() {
                group.addTask { await self.runAgent(launch) }
            }
            await stopAll()
        }
    }

    func start(_ workload: Workload) async throws -> ObservedState {
        let project = workload.project
        if let record = agents[project.id], record.phase == .starting || record.phase == .running {
            return try await waitUntilAnswering(project.id, launchID: record.launchID)
        }
        let command = configuration.command
        if case .unavailable(let reason) = sandbox { throw WorkloadError.sandboxUnavailable(reason) }
        let searchPath = configuration.childEnvironment.searchPath
        for binary in command.requiredBinaries where ExecutableLocator.locate(binary, path: searchPath) == nil {
            let name = (binary as NSString).lastPathComponent
            throw WorkloadError.agentNotFound("agent binary '\(name)' not found on PATH")
        }
        let workspace = configuration.workspace(of: project)
        guard FileManager.default.fileExists(atPath: workspace) else {
            throw WorkloadError.fileMissing(path: workspace, what: "workspace")
        }
        let port = try LocalProcesses.freePort()
        var environment = configuration.childEnvironment.variables
        environment["TERM"] = "xterm-256color"
        environment["AGENTAPI_PORT"] = String(port)
        environment["CLAUDE_MANAGER_PROJECT_ID"] = project.id
        environment["CLAUDE_MANAGER_PROJECT"] = project.shortName
        if let key = workload.secrets[.anthropicAPIKey] { environment["ANTHROPIC_API_KEY"] = key }
        var argv = command.argv(port: port)
        var isSandboxed = false
        if case .on(let bubblewrap, let disablesNestedUserNamespaces) = sandbox {
            let confinement = LocalSandbox(
                bubblewrap: bubblewrap,
                disablesNestedUserNamespaces: disablesNestedUserNamespaces,
                uid: configuration.sandbox.uid,
                secretPaths: [configuration.dataDirectory] + configuration.sandbox.secretPaths,
                privateFolders: configuration.sandbox.privateFolders
            )
            (argv, environment) = try await confinement.commandLine(
                for: argv,
                binaries: command.executables.compactMap { ExecutableLocator.locate($0, path: searchPath) },
                folders: .init(workspace: workspace, root: configuration.sandboxFolder(of: project)),
                environment: environment
            )
            isSandboxed = true
        }
        if let record = agents[project.id], record.phase == .starting || record.phase == .running {
            return try await waitUntilAnswering(project.id, launchID: record.launchID)
        }
        let launchID = UUID()
        agents[project.id] = AgentRecord(
            launchID: launchID,
            projectID: project.id,
            shortName: project.shortName,
            port: port,
            pid: nil,
            phase: .starting,
            isSandboxed: isSandboxed
        )
        launchContinuation.yield(
            AgentLaunch(
                launchID: launchID,
                project: project,
                argv: argv,
                environment: environment,
                isSandboxed: isSandboxed
            )
        )
        return try await waitUntilAnswering(project.id, launchID: launchID)
    }

    func stop(_ project: Project) async -> ObservedState {
        guard var record = agents[project.id], record.phase != .exited else {
            agents[project.id] = nil
            return .stopped
        }
        record.isStopRequested = true
        record.phase = .stopping
        agents[project.id] = record
        let launchID = record.launchID
        if await waitForPID(project.id, launchID: launchID) == nil {
            agents[project.id] = nil
            return .stopped
        }
        await terminate(project.id, launchID: launchID)
        agents[project.id] = nil
        return .stopped
    }

    /// SIGTERM, then SIGKILL after the grace period, until the process has been reaped.
    private func terminate(_ projectID: String, launchID: UUID) async {
        guard let record = agents[projectID], let pid = record.pid else { return }
        LocalProcesses.signalAgent(pid, SIGTERM, isSandboxed: record.isSandboxed)
        if await waitForExit(projectID, launchID: launchID, within: configuration.stopGrace) { return }
        logger.warning("agent ignored SIGTERM; killing", metadata: ["project.id": "\(projectID)"])
        LocalProcesses.signalAgent(pid, SIGKILL, isSandboxed: record.isSandboxed)
        _ = await waitForExit(projectID, launchID: launchID, within: .seconds(10))
    }

    private func isCurrent(_ projectID: String, _ launchID: UUID) -> Bool {
        agents[projectID]?.launchID == launchID
    }

    private func waitForPID(_ projectID: String, launchID: UUID) async -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(10))
        while clock.now < deadline, let record = agents[projectID], record.launchID == launchID {
            if let pid = record.pid { return pid }
            if record.phase == .exited { return nil }
            try? await Task.sleep(for: .milliseconds(20))  // nil: cancellation ends the wait early
        }
        return agents[projectID]?.pid
    }

    private func waitForExit(_ projectID: String, launchID: UUID, within limit: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while clock.now < deadline {
            guard let record = agents[projectID], record.launchID == launchID, record.phase != .exited else {
                return true
            }
            try? await Task.sleep(for: .milliseconds(25))  // nil: cancellation ends the wait early
        }
        return false
    }

    /// Polls the agent's `GET /status` until it answers, the process exits, or the start timeout passes.
    private func waitUntilAnswering(_ projectID: String, launchID: UUID) async throws -> ObservedState {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: configuration.startTimeout)
        while clock.now < deadline {
            guard let record = agents[projectID], record.launchID == launchID else { return .stopped }
            switch record.phase {
            case .exited:
                return .failed(reason: record.exit ?? "agent exited")
            case .stopping:
                return .stopping
            case .running:
                return .running(agentURL: "http://127.0.0.1:\(record.port)")
            case .starting:
                if await answersStatus(port: record.port) {
                    guard isCurrent(projectID, launchID), agents[projectID]?.phase == .starting else { continue }
                    agents[projectID]?.phase = .running
                    return .running(agentURL: "http://127.0.0.1:\(record.port)")
                }
            }
            try? await Task.sleep(for: .milliseconds(150))  // nil: cancellation ends the wait early
        }
        let seconds = configuration.startTimeout.components.seconds
        return .failed(reason: "agent did not answer GET /status within \(seconds) s")
    }

    private func answersStatus(port: Int) async -> Bool {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/status")
        request.method = .GET
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(2))
            _ = try await response.body.collect(upTo: 64 * 1024)
            return response.status == .ok
        } catch {
            return false
        }
    }

    /// Runs one agent process to its end, recording its pid and exit.
    private func runAgent(_ launch: AgentLaunch) async {
        let logPath = configuration.logFile(of: launch.project)
        let projectID = launch.project.id
        do {
            let log = try FileDescriptor.open(
                FilePath(logPath),
                .writeOnly,
                options: [.create, .append],
                permissions: [.ownerReadWrite, .groupRead]
            )
            let banner =
                "--- \(ISO8601DateFormatter().string(from: Date())) starting: \(launch.argv.joined(separator: " "))\n"
            _ = try log.writeAll(Array(banner.utf8))
            var options = PlatformOptions()
            options.createSession = true
            options.teardownSequence = [
                .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: configuration.stopGrace)
            ]
            let environment = Dictionary(
                uniqueKeysWithValues: launch.environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) }
            )
            let result = try await Subprocess.run(
                .path(FilePath(launch.argv[0])),
                arguments: Arguments(Array(launch.argv.dropFirst())),
                environment: .custom(environment),
                workingDirectory: FilePath(configuration.workspace(of: launch.project)),
                platformOptions: options,
                input: .none,
                output: .fileDescriptor(log, closeAfterSpawningProcess: true),
                error: .combinedWithOutput
            ) { execution in
                self.didLaunch(launch, pid: execution.processIdentifier.value)
            }
            didExit(projectID, launchID: launch.launchID, status: Self.describe(result.terminationStatus))
        } catch {
            logger.error(
                "agent could not be started",
                metadata: ["project.id": "\(projectID)", "error.type": "\(type(of: error))"]
            )
            didExit(projectID, launchID: launch.launchID, status: "could not be started: \(error)")
        }
    }

    private func didLaunch(_ launch: AgentLaunch, pid: Int32) {
        let pidText = "\(pid)\n\(launch.project.id)\n" + (launch.isSandboxed ? "sandboxed\n" : "")
        let pidFile = configuration.pidFile(of: launch.project)
        if !FileManager.default.createFile(atPath: pidFile, contents: Data(pidText.utf8)) {
            logger.warning("could not write the agent's pid file", metadata: ["project.id": "\(launch.project.id)"])
        }
        guard isCurrent(launch.project.id, launch.launchID) else { return }
        agents[launch.project.id]?.pid = pid
        logger.info("agent started", metadata: ["project.id": "\(launch.project.id)", "agent.pid": "\(pid)"])
    }

    private func didExit(_ projectID: String, launchID: UUID, status: String) {
        guard var record = agents[projectID], record.launchID == launchID else { return }
        try? FileManager.default.removeItem(  // nil: the pid file may already be gone
            atPath: (configuration.agentsDirectory as NSString).appendingPathComponent("\(record.shortName).pid")
        )
        let wasStopRequested = record.isStopRequested
        record.phase = .exited
        record.exit = "agent exited \(status)"
        agents[projectID] = record
        logger.info("agent exited", metadata: ["project.id": "\(projectID)", "agent.exit": "\(status)"])
        if !wasStopRequested {
            changeContinuation.yield(
                ObservedChange(projectID: projectID, state: .failed(reason: "agent exited \(status)"))
            )
        }
    }

    static func describe(_ status: TerminationStatus) -> String {
        switch status {
        case .exited(let code): "with code \(code)"
        case .signaled(let signal): "on signal \(signal)"
        }
    }

    /// Stops every agent, at shutdown.
    private func stopAll() async {
        for record in agents.values where record.phase != .exited {
            agents[record.projectID]?.isStopRequested = true
            agents[record.projectID]?.phase = .stopping
            await terminate(record.projectID, launchID: record.launchID)
        }
    }

    /// Kills agents recorded in pid files by a previous manager that did not stop them (kill -9).
    private func stopOrphans() async {
        let directory = configuration.agentsDirectory
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []  // nil: no folder yet
        for file in files where file.hasSuffix(".pid") {
            let path = (directory as NSString).appendingPathComponent(file)
            defer { try? FileManager.default.removeItem(atPath: path) }  // nil: best effort
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }  // nil: unreadable
            let lines = text.split(separator: "\n").map(String.init)
            guard lines.count >= 2, let pid = Int32(lines[0]), pid > 1,
                LocalProcesses.environment(of: pid, contains: "CLAUDE_MANAGER_PROJECT_ID=\(lines[1])")
            else { continue }
            logger.warning("stopping orphaned agent", metadata: ["project.id": "\(lines[1])", "agent.pid": "\(pid)"])
            let isSandboxed = lines.count >= 3 && lines[2] == "sandboxed"
            LocalProcesses.signalAgent(pid, SIGTERM, isSandboxed: isSandboxed)
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: configuration.stopGrace)
            while clock.now < deadline, LocalProcesses.isAlive(pid), !Self.isZombie(pid) {
                try? await Task.sleep(for: .milliseconds(50))  // nil: cancellation ends the wait early
            }
            if LocalProcesses.isAlive(pid) && !Self.isZombie(pid) {
                LocalProcesses.signalAgent(pid, SIGKILL, isSandboxed: isSandboxed)
            }
        }
    }

    private static func isZombie(_ pid: Int32) -> Bool {
        // nil: no stat file means the process is gone
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}
