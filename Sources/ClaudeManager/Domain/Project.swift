import Foundation

/// A Claude Code environment: its settings, desired state and last observed status.
package struct Project: Sendable, Equatable {
    package var id: String
    package var name: String
    package var shortName: String
    package var gitRepository: String
    package var gitCredentialID: String?
    package var resources: ResourceRequirements
    package var storage: StorageRequirements
    package var desiredState: DesiredState
    package var status: ProjectStatus
    package var statusReason: String?
    /// What kind of failure an `error` status is, where the manager acts on the kind (not the reason's words).
    package var statusCause: ProjectStatusCause? = nil
    /// Where the project's AgentAPI answers while it runs.
    package var agentURL: String?
    /// Which secrets are set (names of ``ProjectSecretName``), never their values.
    package var secretNames: Set<ProjectSecretName>
    /// Set while a delete is pending: whether the workspace survives it.
    package var keepVolumesOnDelete: Bool?
    package var createdAt: Date
    package var updatedAt: Date
    package var statusChangedAt: Date
    /// The user who owns the project (its creator, unless it was given to someone); `nil`: admins only.
    package var owner: ProjectMember? = nil
    /// Users the owner lets change the project, by email.
    package var collaborators: [ProjectMember] = []
}

/// A kind of project failure the manager acts on; stored with the status.
package enum ProjectStatusCause: String, Sendable, Equatable {
    /// The workload was removed outside the manager; an explicit start or refresh creates it again.
    case workloadLost = "workload-lost"
    /// A new project whose runtime could not say at create time whether a deleted project's workspace of the same
    /// name was kept: the reconciler looks before the first apply, and refuses to reuse one.
    case keptWorkspaceUnchecked = "kept-workspace-unchecked"
}

/// A user who owns or collaborates on a project.
package struct ProjectMember: Sendable, Equatable, Hashable {
    package var userID: String
    package var email: String

    package init(userID: String, email: String) {
        self.userID = userID
        self.email = email
    }
}

extension Project {
    /// The ids of the owner and the collaborators.
    package var memberIDs: [String] {
        (owner.map { [$0.userID] } ?? []) + collaborators.map(\.userID)
    }

    /// Whether `user` may change the project: admins always; members who own or collaborate on it.
    package func isChangeable(by user: User) -> Bool {
        switch user.role {
        case .admin: true
        case .member: memberIDs.contains(user.id)
        case .viewer: false
        }
    }

    /// Whether `user` may manage who collaborates (and who owns): admins and the owning member.
    package func isManageable(by user: User) -> Bool {
        switch user.role {
        case .admin: true
        case .member: owner?.userID == user.id
        case .viewer: false
        }
    }
}

/// CPU and memory as Kubernetes quantities.
package struct ResourceRequirements: Sendable, Equatable {
    package var cpu: String
    package var memory: String

    package static let defaults = ResourceRequirements(cpu: "1", memory: "2Gi")
}

/// Workspace volume size and storage class.
package struct StorageRequirements: Sendable, Equatable {
    package var size: String
    package var storageClass: String?
}

/// The secrets a project may carry; all are encrypted at rest.
package enum ProjectSecretName: String, Sendable, Codable, CaseIterable, Hashable {
    case anthropicAPIKey = "ANTHROPIC_API_KEY"
    case codeServerPassword = "CODE_SERVER_PASSWORD"
    case sudoPassword = "SUDO_PASSWORD"
}
