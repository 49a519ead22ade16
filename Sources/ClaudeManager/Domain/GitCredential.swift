import Foundation

/// How a git credential authenticates.
package enum GitCredentialKind: String, Sendable, Codable, CaseIterable {
    case token
    case sshKey = "ssh-key"
    case none
}

/// The git host a credential belongs to.
package enum GitProvider: String, Sendable, Codable, CaseIterable {
    case github
    case gitlab
    case bitbucket
    case other
}

extension GitProvider {
    /// The provider hosting `repository` (an https, ssh or scp-like URL), `other` for any other host.
    package init(repository: String) {
        // nil: an address we cannot parse belongs to no known provider
        let host = (try? GitRemote(parsing: repository))?.host ?? ""
        if host == "github.com" || host.hasSuffix(".github.com") {
            self = .github
        } else if host == "gitlab.com" || host.hasPrefix("gitlab.") {
            self = .gitlab
        } else if host == "bitbucket.org" || host.hasPrefix("bitbucket.") {
            self = .bitbucket
        } else {
            self = .other
        }
    }
}

extension GitProvider {
    /// The host a credential of this provider is bound to when its owner names none.
    package var defaultHost: GitHostBinding? {
        switch self {
        case .github: GitHostBinding("github.com")
        case .gitlab: GitHostBinding("gitlab.com")
        case .bitbucket: GitHostBinding("bitbucket.org")
        case .other: nil
        }
    }
}

/// Who may use a git credential.
package enum GitCredentialScope: String, Sendable, Codable, CaseIterable {
    /// Its owner only.
    case personal
    /// Every member; only admins share credentials.
    case shared
}

/// A stored git credential, without its secret.
package struct GitCredential: Sendable, Equatable {
    package var id: String
    package var name: String
    package var kind: GitCredentialKind
    package var provider: GitProvider
    package var username: String?
    package var createdAt: Date
    /// The user who stored it; `nil` for credentials from before owners existed that no admin could take.
    package var ownerID: String?
    package var scope: GitCredentialScope
    /// The only hosts its secret is ever sent to.
    package var hosts: [GitHostBinding]
}

extension GitCredential {
    /// Whether `user` may see the credential (not its secret): shared ones, their own, and every one for admins.
    package func isVisible(to user: User) -> Bool {
        user.role == .admin || scope == .shared || ownerID == user.id
    }

    /// Whether `user` may link the credential to a project: shared ones (members and admins), and their own.
    package func isUsable(by user: User) -> Bool {
        guard user.role >= .member else { return false }
        return scope == .shared || ownerID == user.id
    }

    /// Whether a project owned by and shared with `members` may clone with it: shared, or one member's own.
    package func isUsable(byProjectMembers members: [String]) -> Bool {
        scope == .shared || ownerID.map(members.contains) == true
    }

    /// Whether the credential's secret may be sent to `remote`.
    package func permits(_ remote: GitRemote) -> Bool {
        hosts.contains { $0.permits(remote) }
    }
}

/// The secret half of a git credential, decrypted only to clone.
package enum GitSecret: Sendable, Equatable {
    case token(username: String, token: String)
    case sshKey(privateKey: String)
    case none
}
