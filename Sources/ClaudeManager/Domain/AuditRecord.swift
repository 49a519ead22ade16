import Dispatch
import Foundation

/// Who changed what, and when.
package struct AuditRecord: Sendable, Equatable {
    package var id: String
    package var actorID: String?
    package var actorEmail: String?
    package var action: String
    package var targetType: String
    package var targetID: String?
    package var details: String?
    package var createdAt: Date
}

/// The user on whose behalf a change is made, for the audit log.
package struct Actor: Sendable, Equatable {
    package var id: String?
    package var email: String?

    package static let system = Actor(id: nil, email: "system")

    package init(id: String?, email: String?) {
        self.id = id
        self.email = email
    }

    package init(_ user: User) {
        self.init(id: user.id, email: user.email)
    }
}

/// What an audit record says was done; the raw value is what the audit log stores and shows.
package enum AuditAction: String, Sendable, CaseIterable {
    case projectCreate = "project.create"
    case projectUpdate = "project.update"
    case projectDelete = "project.delete"
    case projectStart = "project.start"
    case projectStop = "project.stop"
    case projectRefresh = "project.refresh"
    case projectAdopt = "project.adopt"
    case projectAddCollaborator = "project.collaborator.add"
    case projectRemoveCollaborator = "project.collaborator.remove"
    case gitCredentialCreate = "git-credential.create"
    case gitCredentialDelete = "git-credential.delete"
    case userBootstrap = "user.bootstrap"
    case userCreate = "user.create"
    case userUpdate = "user.update"
    case userDelete = "user.delete"
    case userPassword = "user.password"
    case userRevokeSessions = "user.sessions.revoke"
    case tokenCreate = "token.create"
    case tokenRevoke = "token.revoke"
}

/// What kind of thing an audit record is about.
package enum AuditTarget: String, Sendable, CaseIterable {
    case project
    case gitCredential = "git-credential"
    case user
    case token
}

extension AuditRecord {
    /// A record of `action` on a `targetType` now; ids sort by time so equal timestamps keep their order.
    package static func make(
        action: AuditAction,
        targetType: AuditTarget,
        targetID: String?,
        actor: Actor,
        details: String? = nil
    ) -> AuditRecord {
        let now = Date()
        let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded())
        let tiebreak = DispatchTime.now().uptimeNanoseconds
        let id = String(format: "%013lld-%020llu-", milliseconds, tiebreak) + UUID().uuidString.lowercased().prefix(6)
        return AuditRecord(
            id: id,
            actorID: actor.id,
            actorEmail: actor.email,
            action: action.rawValue,
            targetType: targetType.rawValue,
            targetID: targetID,
            details: details,
            createdAt: now
        )
    }
}
