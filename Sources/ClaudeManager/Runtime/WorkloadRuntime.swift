import Foundation

/// Which runtime runs the projects.
package enum RuntimeKind: String, Sendable {
    case local
    case kubernetes
}

/// A project together with the secrets its runtime needs, decrypted for this call only.
package struct Workload: Sendable {
    package var project: Project
    package var secrets: [ProjectSecretName: String]
    package var gitSecret: GitSecret

    package init(project: Project, secrets: [ProjectSecretName: String], gitSecret: GitSecret) {
        self.project = project
        self.secrets = secrets
        self.gitSecret = gitSecret
    }
}

/// What a runtime sees of one project right now.
package enum ObservedState: Sendable, Equatable {
    /// Nothing exists for the project yet (no workspace, no objects).
    case absent
    /// The workload exists and its agent is not running.
    case stopped
    /// The agent is launching and does not answer yet.
    case starting
    /// The agent answers at `agentURL`.
    case running(agentURL: String)
    /// The agent is shutting down.
    case stopping
    /// The workload failed; `reason` says why in words a user can act on.
    case failed(reason: String)
}

/// A change a runtime noticed on its own (an agent exiting, a pod turning ready).
package struct ObservedChange: Sendable, Equatable {
    package var projectID: String
    package var state: ObservedState
}

/// Health of one component, as `GET /api/monitoring/health` reports it.
package struct ComponentHealth: Sendable, Equatable {
    /// Overall condition of a component.
    package enum Status: String, Sendable {
        case ok
        case degraded
        case down
    }

    package var status: Status
    package var message: String?

    package init(_ status: Status, _ message: String? = nil) {
        self.status = status
        self.message = message
    }
}

/// What the UI needs to know about the agent command.
package struct AgentAvailability: Sendable, Equatable {
    package var command: String
    package var missingBinaries: [String]
    package var isSimulatorAvailable: Bool
    package var isSimulator: Bool
}

/// The seam between the manager and whatever runs the environments (local processes or Kubernetes).
package protocol WorkloadRuntime: Sendable {
    var kind: RuntimeKind { get }
    /// Creates or updates the project's workload (workspace, clone, objects); idempotent.
    func apply(_ workload: Workload) async throws
    /// Starts or stops the agent and returns what is observed once the runtime has acted.
    func setRunning(_ workload: Workload, _ isRunning: Bool) async throws -> ObservedState
    /// Stops the agent and removes the workload; the workspace survives when `keepingVolumes`.
    func delete(_ project: Project, keepingVolumes: Bool) async throws
    /// What the runtime observes of `project` now.
    func state(of project: Project) async -> ObservedState
    /// Changes the runtime noticed without being asked, for the reconciler to record.
    func changes() -> AsyncStream<ObservedChange>
    /// The last `lines` lines of the project's agent log, oldest first.
    func logs(of project: Project, lines: Int) async throws -> [String]
    func health() async -> ComponentHealth
    func agentAvailability() -> AgentAvailability
}

/// Errors a runtime reports; `reason` is shown to users as the project's status reason.
package enum WorkloadError: Error, Sendable, Equatable {
    case cloneFailed(String)
    case agentNotFound(String)
    case agentFailed(String)
    case io(String)

    package var reason: String {
        switch self {
        case .cloneFailed(let message): "clone failed: \(message)"
        case .agentNotFound(let message): message
        case .agentFailed(let message): message
        case .io(let message): message
        }
    }
}
