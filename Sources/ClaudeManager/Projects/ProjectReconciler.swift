import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Converges every project's runtime to its desired state: on start, on request, and when the runtime reports a change.
package struct ProjectReconciler: Service {
    let store: any Store
    let runtime: any WorkloadRuntime
    let defaultAnthropicAPIKey: String?
    let repositories: RepositoryPolicy
    let logger: Logger
    /// Projects whose workload must be applied again at their next reconcile even if nothing changed (refresh).
    private let reapplying = ProjectIDSet()
    private let requests: AsyncStream<String>
    private let requestContinuation: AsyncStream<String>.Continuation

    package init(
        store: any Store,
        runtime: any WorkloadRuntime,
        defaultAnthropicAPIKey: String?,
        repositories: RepositoryPolicy = RepositoryPolicy(localRoots: []),
        logger: Logger
    ) {
        self.store = store
        self.runtime = runtime
        self.defaultAnthropicAPIKey = defaultAnthropicAPIKey
        self.repositories = repositories
        self.logger = logger
        (requests, requestContinuation) = AsyncStream.makeStream()
    }

    /// How many projects are reconciled at the same time.
    static let concurrentReconciles = 8

    /// Asks for `projectID` to be reconciled soon; requests for a project already in progress coalesce.
    package func enqueue(_ projectID: String) {
        requestContinuation.yield(projectID)
    }

    /// Like ``enqueue(_:)``, and re-applies the workload even when it looks current, undoing changes other
    /// writers made to the objects.
    package func enqueueReapplying(_ projectID: String) {
        reapplying.insert(projectID)
        requestContinuation.yield(projectID)
    }

    package func run() async throws {
        let inFlight = InFlightProjects()
        // A resync asks for every project at once; a few at a time keep the runtime's API answering.
        let slots = AsyncSlots(Self.concurrentReconciles)
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await change in runtime.changes().cancelOnGracefulShutdown() {
                    await record(change)
                }
            }
            group.addTask { await adoptUnknownProjects() }
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
                    await slots.run {
                        repeat {
                            await reconcile(projectID)
                        } while await inFlight.finish(projectID)
                    }
                }
            }
        }
    }

    /// Records a change the runtime noticed on its own, and converges again when the workload drifted from
    /// the desired state (scaled or deleted by someone else).
    func record(_ change: ObservedChange) async {
        if change.isResynchronization {
            do {
                for project in try await store.allProjects() { enqueue(project.id) }
            } catch {
                logger.error("could not list projects to reconcile", metadata: ["error.type": "\(type(of: error))"])
            }
            return
        }
        do {
            guard let project = try await store.project(id: change.projectID), project.status != .deleting else {
                return
            }
            switch change.state {
            case .failed(let reason) where [.running, .starting, .creating].contains(project.status),
                .failed(let reason)
            where project.status == .error && project.statusReason != reason
                && project.statusCause != .workloadLost:
                try await setStatus(project, .error, reason: reason)
            case .running(let url) where project.desiredState == .running:
                try await setStatus(project, .running, agentURL: url)
            case .starting where [.running, .creating].contains(project.status) && project.desiredState == .running:
                try await setStatus(project, .starting)
            case .stopped where project.status == .stopping:
                try await setStatus(project, .stopped)
            default:
                break
            }
            switch (project.desiredState, change.state) {
            case (_, .absent), (.running, .stopped), (.stopped, .running), (.stopped, .starting):
                enqueue(project.id)
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
                // The kept-workspace check must still run before the first apply, so that marker stays.
                let cause = project.statusCause == .keptWorkspaceUnchecked ? project.statusCause : nil
                // nil: logged above; the next reconcile retries
                try? await setStatus(project, .error, reason: reason, cause: cause)
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
        switch observed {
        case .absent, .unknown:
            break
        default:
            let isRequested = reapplying.remove(project.id)
            let isOutdated = await runtime.isOutdated(project)
            if isRequested || isOutdated {
                try await runtime.apply(try await workload(for: project))  // the project changed since the last apply
            }
        }
        switch (project.desiredState, observed) {
        case (_, .unknown):
            return true  // the runtime reports a resynchronization once it can tell again
        case (_, .absent) where project.status == .error && project.statusCause == .workloadLost:
            return true  // waits for a user to start or refresh it (see ProjectService)
        case (_, .absent) where ![.creating, .error].contains(project.status):
            logger.warning("a project's workload is gone", metadata: ["project.id": "\(project.id)"])
            try await setStatus(project, .error, reason: lostReason, cause: .workloadLost)
            return true
        case (_, .absent):
            if project.statusCause == .keptWorkspaceUnchecked,
                try await runtime.hasKeptWorkspace(shortName: project.shortName)
            {
                try await setStatus(project, .error, reason: Self.keptWorkspaceReason, cause: .keptWorkspaceUnchecked)
                return true
            }
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

    /// The status reason of a new project that would have reused a deleted project's kept workspace.
    static let keptWorkspaceReason =
        "a deleted project's kept workspace has this short name; delete this project and create it again with "
        + "adoptWorkspace to use it, or with another short name"

    /// The status reason of a project whose workload was removed behind the manager's back.
    var lostReason: String { Self.lostReason(runtime.kind) }

    package static func lostReason(_ kind: RuntimeKind) -> String {
        switch kind {
        case .kubernetes:
            "its Kubernetes objects were deleted outside the manager; start or refresh it to recreate them"
        case .local: "its workspace was removed outside the manager; start or refresh it to recreate it"
        }
    }

    private func record(_ state: ObservedState, of project: Project) async throws {
        guard let current = try await store.project(id: project.id), current.status != .deleting else { return }
        switch state {
        case .absent, .stopped: try await setStatus(current, .stopped)
        case .starting: try await setStatus(current, .starting)
        case .stopping: try await setStatus(current, .stopping)
        case .running(let url): try await setStatus(current, .running, agentURL: url)
        case .failed(let reason): try await setStatus(current, .error, reason: reason)
        case .unknown: break
        }
    }

    private func setStatus(
        _ project: Project,
        _ status: ProjectStatus,
        reason: String? = nil,
        agentURL: String? = nil,
        cause: ProjectStatusCause? = nil
    )
        async throws
    {
        // Writing what is already recorded would only churn the store (a resync touches every project).
        guard
            project.status != status || project.statusReason != reason || project.agentURL != agentURL
                || project.statusCause != cause
        else { return }
        try await store.updateStatus(
            projectID: project.id,
            status: status,
            reason: reason,
            agentURL: agentURL,
            cause: cause
        )
    }

    /// The project with its secrets decrypted for the runtime.
    ///
    /// The repository address and the git credential are checked again here, right before the secret is handed
    /// to a runtime (a clone, or a Kubernetes Secret): the credential must be shared or belong to the project's
    /// owner or a collaborator, and be bound to the repository's host.
    private func workload(for project: Project) async throws -> Workload {
        let remote: GitRemote
        do {
            remote = try repositories.remote(for: project.gitRepository)
        } catch {
            throw WorkloadError.repositoryRefused(error.message)
        }
        var secrets = try await store.secrets(projectID: project.id)
        if secrets[.anthropicAPIKey] == nil, let key = defaultAnthropicAPIKey { secrets[.anthropicAPIKey] = key }
        var gitSecret = GitSecret.none
        if let credentialID = project.gitCredentialID {
            guard let credential = try await store.gitCredential(id: credentialID) else {
                throw WorkloadError.credentialRefused("git credential \(credentialID) no longer exists")
            }
            guard credential.isUsable(byProjectMembers: project.memberIDs) else {
                throw WorkloadError.credentialRefused(
                    "git credential '\(credential.name)' belongs to someone who neither owns nor collaborates on the project"
                )
            }
            guard credential.permits(remote) else {
                throw WorkloadError.credentialRefused(
                    "git credential '\(credential.name)' is not bound to \(remote.host)"
                )
            }
            gitSecret = try await store.gitSecret(credentialID: credentialID) ?? .none
        }
        return Workload(project: project, secrets: secrets, gitSecret: gitSecret)
    }
}
