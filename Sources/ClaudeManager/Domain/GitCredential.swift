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
        let lowered = repository.lowercased()
        let host =
            URLComponents(string: lowered)?.host
            ?? lowered.split(separator: "@", maxSplits: 1).last?.split(separator: ":").first.map(String.init) ?? ""
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

/// A stored git credential, without its secret.
package struct GitCredential: Sendable, Equatable {
    package var id: String
    package var name: String
    package var kind: GitCredentialKind
    package var provider: GitProvider
    package var username: String?
    package var createdAt: Date
}

/// The secret half of a git credential, decrypted only to clone.
package enum GitSecret: Sendable, Equatable {
    case token(username: String, token: String)
    case sshKey(privateKey: String)
    case none
}
