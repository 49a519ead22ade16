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
    /// The runtime cannot tell right now (e.g. the Kubernetes API is unreachable); nothing should be changed.
    case unknown(reason: String)
}

/// A change a runtime noticed on its own (an agent exiting, a pod turning ready).
package struct ObservedChange: Sendable, Equatable {
    package var projectID: String
    package var state: ObservedState

    /// The runtime (re)gained its view of every workload (e.g. after the API server came back): reconcile all.
    package static let resynchronized = ObservedChange(projectID: "", state: .unknown(reason: "resynchronized"))

    package var isResynchronization: Bool { projectID.isEmpty }
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
    /// How local agents are confined; `nil` for runtimes that do not run them on this machine.
    package var localSandbox: LocalSandboxState? = nil
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
    /// Whether a workspace kept from a deleted project with `shortName` exists (a folder, or a retained claim that
    /// a new workload of that name would bind again).
    func hasKeptWorkspace(shortName: String) async throws -> Bool
    /// What the runtime observes of `project` now.
    func state(of project: Project) async -> ObservedState
    /// Whether the workload was last applied from an older version of `project` (it was updated since).
    func isOutdated(_ project: Project) async -> Bool
    /// Changes the runtime noticed without being asked, for the reconciler to record.
    func changes() -> AsyncStream<ObservedChange>
    /// The last `lines` lines of the project's agent log, oldest first.
    func logs(of project: Project, lines: Int) async throws -> [String]
    /// What the runtime's platform reported about the project's workload, oldest first.
    func events(of project: Project) async throws -> [WorkloadEvent]
    /// Workloads this runtime manages that belong to none of `knownProjectIDs` (e.g. found in the cluster by
    /// label after the store was lost), rebuilt as projects to adopt, with the secrets they carry.
    func discoverProjects(excluding knownProjectIDs: Set<String>) async throws -> [Workload]
    func health() async -> ComponentHealth
    func agentAvailability() -> AgentAvailability
}

/// One thing the platform reported about a workload (a Kubernetes event).
package struct WorkloadEvent: Sendable, Equatable {
    package var type: String
    package var reason: String
    package var message: String
    /// `Kind/name` of the object it is about.
    package var object: String
    package var count: Int
    package var firstSeen: Date?
    package var lastSeen: Date?

    package init(
        type: String,
        reason: String,
        message: String,
        object: String,
        count: Int,
        firstSeen: Date?,
        lastSeen: Date?
    ) {
        self.type = type
        self.reason = reason
        self.message = message
        self.object = object
        self.count = count
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

/// Errors a runtime reports; `reason` is shown to users as the project's status reason.
package enum WorkloadError: Error, Sendable, Equatable {
    case cloneFailed(String)
    case agentNotFound(String)
    case agentFailed(String)
    /// `LOCAL_SANDBOX` is on but bubblewrap cannot confine agents here; says what is missing.
    case sandboxUnavailable(String)
    case io(String)
    /// A file or folder the workload needs is not there.
    case fileMissing(path: String, what: String)
    /// A Kubernetes API call failed while doing `action`.
    case kubernetes(action: String, KubernetesError)
    /// The project's Kubernetes objects cannot be built or changed as asked.
    case invalidObjects(String)
    /// The repository address is not one projects may clone (see ``RepositoryPolicy``).
    case repositoryRefused(String)
    /// The project's git credential may not be used for it.
    case credentialRefused(String)

    package var reason: String {
        switch self {
        case .kubernetes(let action, let error): "cannot \(action): \(error.message)"
        case .fileMissing(let path, let what): "\(what) \(path) is missing"
        case .invalidObjects(let message): message
        case .repositoryRefused(let message): "repository refused: \(message)"
        case .credentialRefused(let message): "credential refused: \(message)"
        case .cloneFailed(let message): "clone failed: \(message)"
        case .agentNotFound(let message): message
        case .agentFailed(let message): message
        case .sandboxUnavailable(let missing):
            "local sandbox unavailable: \(missing); install bubblewrap with user namespaces enabled, "
                + "or set LOCAL_SANDBOX=off"
        case .io(let message): message
        }
    }
}
