import Foundation
import Logging
import ServiceLifecycle

/// Converges every project's runtime to its desired state: on start, on request, and when the runtime reports a change.
package struct ProjectReconciler: Service {
    let store: any Store
    let runtime: any WorkloadRuntime
    let defaultAnthropicAPIKey: String?
    let logger: Logger
    private let requests: AsyncStream<String>
    private let requestContinuation: AsyncStream<String>.Continuation

    package init(store: any Store, runtime: any WorkloadRuntime, defaultAnthropicAPIKey: String?, logger: Logger) {
        self.store = store
        self.runtime = runtime
        self.defaultAnthropicAPIKey = defaultAnthropicAPIKey
        self.logger = logger
        (requests, requestContinuation) = AsyncStream.makeStream()
    }

    /// Asks for `projectID` to be reconciled soon; requests for a project already in progress coalesce.
    package func enqueue(_ projectID: String) {
        requestContinuation.yield(projectID)
    }

    package func run() async throws {
        let inFlight = InFlightProjects()
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await change in runtime.changes().cancelOnGracefulShutdown() {
                    await record(change)
                }
            }
            group.addTask {
                do {
                    for project in try await store.allProjects() { enqueue(project.id) }
                } catch {
                    logger.error("could not list projects to reconcile", metadata: ["error.type": "\(type(of: error))"])
                }
            }
            for await projectID in requests.cancelOnGracefulShutdown() {
                guard await inFlight.begin(projectID) else { continue }
                group.addTask {
                    repeat {
                        await reconcile(projectID)
                    } while await inFlight.finish(projectID)
                }
            }
        }
    }

    /// Records a change the runtime noticed on its own.
    func record(_ change: ObservedChange) async {
        do {
            guard let project = try await store.project(id: change.projectID) else { return }
            switch change.state {
            case .failed(let reason) where [.running, .starting].contains(project.status):
                try await setStatus(project, .error, reason: reason)
            case .running(let url) where project.desiredState == .running && project.status != .deleting:
                try await setStatus(project, .running, agentURL: url)
            default:
                break
            }
        } catch {
            logger.error(
                "could not record an observed change",
                metadata: ["project.id": "\(change.projectID)", "error.type": "\(type(of: error))"]
            )
        }
    }

    /// Brings one project to its desired state.
    func reconcile(_ projectID: String) async {
        var metadata: Logger.Metadata = ["project.id": "\(projectID)"]
        do {
            for _ in 0..<3 {
                guard let project = try await store.project(id: projectID) else { return }
                if try await converge(project) { return }
            }
        } catch {
            let reason = (error as? WorkloadError)?.reason ?? "unexpected error: \(error)"
            metadata["error.type"] = "\(type(of: error))"
            logger.warning("project operation failed", metadata: metadata)
            if let project = try? await store.project(id: projectID) {  // nil: the project is gone, nothing to mark
                try? await setStatus(project, .error, reason: reason)  // nil: logged above; the next reconcile retries
            }
        }
    }

    /// One step toward the desired state; `true` when nothing more is to be done now.
    private func converge(_ project: Project) async throws -> Bool {
        if project.status == .deleting {
            try await runtime.delete(project, keepingVolumes: project.keepVolumesOnDelete ?? true)
            try await store.deleteProject(id: project.id)
            logger.info("project deleted", metadata: ["project.id": "\(project.id)"])
            return true
        }
        let observed = await runtime.state(of: project)
        switch (project.desiredState, observed) {
        case (_, .absent):
            try await setStatus(project, .creating)
            try await runtime.apply(try await workload(for: project))
            if project.desiredState == .stopped { try await setStatus(project, .stopped) }
            return project.desiredState == .stopped
        case (.running, .running(let url)):
            try await setStatus(project, .running, agentURL: url)
        case (.running, .starting), (.running, .stopping), (.stopped, .stopping):
            return true
        case (.running, .stopped), (.running, .failed):
            try await setStatus(project, .starting)
            let workload = try await workload(for: project)
            try await runtime.apply(workload)
            try await record(try await runtime.setRunning(workload, true), of: project)
        case (.stopped, .running), (.stopped, .starting):
            try await setStatus(project, .stopping)
            try await record(try await runtime.setRunning(try await workload(for: project), false), of: project)
        case (.stopped, .stopped), (.stopped, .failed):
            try await setStatus(project, .stopped)
        }
        return true
    }

    private func record(_ state: ObservedState, of project: Project) async throws {
        guard let current = try await store.project(id: project.id), current.status != .deleting else { return }
        switch state {
        case .absent, .stopped: try await setStatus(current, .stopped)
        case .starting: try await setStatus(current, .starting)
        case .stopping: try await setStatus(current, .stopping)
        case .running(let url): try await setStatus(current, .running, agentURL: url)
        case .failed(let reason): try await setStatus(current, .error, reason: reason)
        }
    }

    private func setStatus(
        _ project: Project,
        _ status: ProjectStatus,
        reason: String? = nil,
        agentURL: String? = nil
    )
        async throws
    {
        try await store.updateStatus(projectID: project.id, status: status, reason: reason, agentURL: agentURL)
    }

    /// The project with its secrets decrypted for the runtime.
    private func workload(for project: Project) async throws -> Workload {
        var secrets = try await store.secrets(projectID: project.id)
        if secrets[.anthropicAPIKey] == nil, let key = defaultAnthropicAPIKey { secrets[.anthropicAPIKey] = key }
        var gitSecret = GitSecret.none
        if let credentialID = project.gitCredentialID {
            gitSecret = try await store.gitSecret(credentialID: credentialID) ?? .none
        }
        return Workload(project: project, secrets: secrets, gitSecret: gitSecret)
    }
}

/// Which projects are being reconciled, and which were asked for again meanwhile.
actor InFlightProjects {
    private var active: Set<String> = []
    private var again: Set<String> = []

    /// `true` when the caller should start reconciling; otherwise the request is folded into the running one.
    func begin(_ projectID: String) -> Bool {
        if active.contains(projectID) {
            again.insert(projectID)
            return false
        }
        active.insert(projectID)
        return true
    }

    /// `true` when the project was asked for again and must be reconciled once more.
    func finish(_ projectID: String) -> Bool {
        if again.remove(projectID) != nil { return true }
        active.remove(projectID)
        return false
    }
}
