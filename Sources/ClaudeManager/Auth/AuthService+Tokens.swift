import Foundation

extension AuthService {
    /// Creates an API token for `user`; the value is returned only here.
    package func createToken(for user: User, name: String, expiresInDays: Int?) async throws -> (APIToken, String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        var issues: [FieldIssue] = []
        if trimmed.isEmpty || trimmed.count > 100 { issues.append(FieldIssue("name", "must be 1-100 characters")) }
        if let days = expiresInDays, !(1...3650).contains(days) {
            issues.append(FieldIssue("expiresInDays", "must be from 1 to 3650"))
        }
        guard issues.isEmpty else { throw ValidationError(issues) }
        let value = TokenHasher.makeTokenValue()
        let now = Date()
        let token = APIToken(
            id: UUID().uuidString.lowercased(),
            userID: user.id,
            name: trimmed,
            prefix: String(value.prefix(10)),
            createdAt: now,
            expiresAt: expiresInDays.map { now.addingTimeInterval(TimeInterval($0) * 86_400) },
            lastUsedAt: nil
        )
        try await store.insertToken(token, valueHash: TokenHasher.hash(value))
        try await store.appendAudit(
            AuditRecord.make(
                action: .tokenCreate,
                targetType: .token,
                targetID: token.id,
                actor: Actor(user),
                details: trimmed
            )
        )
        return (token, value)
    }

    package func listTokens(of user: User) async throws -> [APIToken] {
        try await store.listTokens(userID: user.id)
    }

    /// Revokes a token of `user`'s own, or anyone's when `user` is an admin.
    package func revokeToken(id: String, by user: User) async throws {
        guard let token = try await store.token(id: id), token.userID == user.id || user.role == .admin else {
            throw StoreError.notFound(entity: "token", id: id)
        }
        try await store.deleteToken(id: id)
        credentialCache.removeAll()
        try await store.appendAudit(
            AuditRecord.make(
                action: .tokenRevoke,
                targetType: .token,
                targetID: id,
                actor: Actor(user),
                details: token.name
            )
        )
    }
}
