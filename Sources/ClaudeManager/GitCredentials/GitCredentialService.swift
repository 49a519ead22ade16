import Foundation

/// What a caller asks for when storing a git credential, before validation.
package struct GitCredentialDraft: Sendable {
    package var name: String
    package var kind: GitCredentialKind
    package var provider: GitProvider
    package var username: String?
    package var token: String?
    package var sshPrivateKey: String?

    package init(name: String, kind: GitCredentialKind, provider: GitProvider) {
        self.name = name
        self.kind = kind
        self.provider = provider
    }
}

/// Stores and removes git credentials; their secrets go in sealed and never come out through here.
package struct GitCredentialService: Sendable {
    let store: any Store

    package init(store: any Store) {
        self.store = store
    }

    package func list() async throws -> [GitCredential] {
        try await store.listGitCredentials()
    }

    /// The credential with `id`; throws ``StoreError/notFound(entity:id:)`` when absent.
    package func credential(id: String) async throws -> GitCredential {
        guard let credential = try await store.gitCredential(id: id) else {
            throw StoreError.notFound(entity: "git credential", id: id)
        }
        return credential
    }

    package func create(_ draft: GitCredentialDraft, by actor: Actor) async throws -> GitCredential {
        let name = draft.name.trimmingCharacters(in: .whitespaces)
        var issues: [FieldIssue] = []
        if name.isEmpty || name.count > 100 { issues.append(FieldIssue("name", "must be 1-100 characters")) }
        let secret: GitSecret
        switch draft.kind {
        case .token:
            let token = draft.token?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if token.isEmpty { issues.append(FieldIssue("token", "is required for type token")) }
            if token.contains(where: \.isWhitespace) { issues.append(FieldIssue("token", "must not contain spaces")) }
            secret = .token(username: draft.username ?? Self.defaultUsername(for: draft.provider), token: token)
        case .sshKey:
            let key = draft.sshPrivateKey?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if !key.hasPrefix("-----BEGIN") || !key.contains("PRIVATE KEY-----") {
                issues.append(FieldIssue("sshPrivateKey", "must be a PEM or OpenSSH private key"))
            }
            secret = .sshKey(privateKey: key)
        case .none:
            secret = .none
        }
        if draft.kind != .token, draft.token != nil {
            issues.append(FieldIssue("token", "is only used with type token"))
        }
        if draft.kind != .sshKey, draft.sshPrivateKey != nil {
            issues.append(FieldIssue("sshPrivateKey", "is only used with type ssh-key"))
        }
        guard issues.isEmpty else { throw ValidationError(issues) }
        let credential = GitCredential(
            id: UUID().uuidString.lowercased(),
            name: name,
            kind: draft.kind,
            provider: draft.provider,
            username: draft.kind == .token
                ? (draft.username ?? Self.defaultUsername(for: draft.provider)) : draft.username,
            createdAt: Date()
        )
        try await store.insertGitCredential(credential, secret: secret)
        try await store.appendAudit(
            AuditRecord.make(
                action: "git-credential.create",
                targetType: "git-credential",
                targetID: credential.id,
                actor: actor,
                details: "\(name) (\(draft.kind.rawValue))"
            )
        )
        return credential
    }

    package func delete(id: String, by actor: Actor) async throws {
        let credential = try await self.credential(id: id)
        let users = try await store.countProjects(usingCredential: id)
        guard users == 0 else {
            throw StoreError.conflict("git credential '\(credential.name)' is used by \(users) project(s)")
        }
        try await store.deleteGitCredential(id: id)
        try await store.appendAudit(
            AuditRecord.make(
                action: "git-credential.delete",
                targetType: "git-credential",
                targetID: id,
                actor: actor,
                details: credential.name
            )
        )
    }

    /// The user name hosts expect with an access token.
    static func defaultUsername(for provider: GitProvider) -> String {
        switch provider {
        case .github: "x-access-token"
        case .gitlab: "oauth2"
        case .bitbucket: "x-token-auth"
        case .other: "git"
        }
    }
}
