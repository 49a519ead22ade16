import Foundation

/// What a caller asks for when storing a git credential, before validation.
package struct GitCredentialDraft: Sendable {
    package var name: String
    package var kind: GitCredentialKind
    package var provider: GitProvider
    package var username: String?
    package var token: String?
    package var sshPrivateKey: String?
    package var scope: GitCredentialScope = .personal
    /// The hosts to bind it to (`host` or `host:port`); empty: the provider's own host.
    package var hosts: [String] = []

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

    /// The credentials `user` may see: shared ones and their own (every one for admins).
    package func list(for user: User) async throws -> [GitCredential] {
        try await store.listGitCredentials().filter { $0.isVisible(to: user) }
    }

    /// The credential with `id` as `user` sees it; throws ``StoreError/notFound(entity:id:)`` when absent or hidden.
    package func credential(id: String, for user: User) async throws -> GitCredential {
        guard let credential = try await store.gitCredential(id: id), credential.isVisible(to: user) else {
            throw StoreError.notFound(entity: "git credential", id: id)
        }
        return credential
    }

    /// Stores a credential owned by `user`; only admins may share one.
    package func create(_ draft: GitCredentialDraft, by user: User) async throws -> GitCredential {
        if draft.scope == .shared, user.role != .admin {
            throw AuthError.forbidden("only admins may share a git credential; store it as personal")
        }
        let name = draft.name.trimmingCharacters(in: .whitespaces)
        var issues: [FieldIssue] = []
        var hosts: [GitHostBinding] = []
        for (index, text) in draft.hosts.enumerated() {
            guard let binding = GitHostBinding(text) else {
                issues.append(FieldIssue("hosts[\(index)]", "must be a host name or IP address, optionally with :port"))
                continue
            }
            if !hosts.contains(binding) { hosts.append(binding) }
        }
        if draft.hosts.count > 20 { issues.append(FieldIssue("hosts", "must list at most 20 hosts")) }
        if draft.hosts.isEmpty {
            if let host = draft.provider.defaultHost {
                hosts = [host]
            } else {
                issues.append(FieldIssue("hosts", "must name the hosts this credential is for (provider other)"))
            }
        }
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
            createdAt: Date(),
            ownerID: user.id,
            scope: draft.scope,
            hosts: hosts
        )
        try await store.insertGitCredential(credential, secret: secret)
        try await store.appendAudit(
            AuditRecord.make(
                action: .gitCredentialCreate,
                targetType: .gitCredential,
                targetID: credential.id,
                actor: Actor(user),
                details: "\(name) (\(draft.kind.rawValue), \(draft.scope.rawValue), \(GitHostBinding.column(hosts)))"
            )
        )
        return credential
    }

    /// Deletes a credential no project uses; the operation policy has checked that `user` owns it or is an admin.
    package func delete(id: String, by user: User) async throws {
        let actor = Actor(user)
        let credential = try await self.credential(id: id, for: user)
        let users = try await store.countProjects(usingCredential: id)
        guard users == 0 else {
            throw StoreError.conflict("git credential '\(credential.name)' is used by \(users) project(s)")
        }
        try await store.deleteGitCredential(id: id)
        try await store.appendAudit(
            AuditRecord.make(
                action: .gitCredentialDelete,
                targetType: .gitCredential,
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
