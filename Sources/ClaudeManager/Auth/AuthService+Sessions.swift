import Foundation

extension AuthService {
    /// Ends one session (logout); does nothing when it has already ended.
    package func endSession(id: String) async throws {
        try await store.revokeSession(id: id, at: Date())
        credentialCache.removeAll()
    }

    /// Ends every session of `userID` except the one with id `keptID`; returns how many ended.
    @discardableResult
    func endSessions(ofUser userID: String, except keptID: String? = nil) async throws -> Int {
        let ended = try await store.revokeSessions(userID: userID, except: keptID, at: Date())
        credentialCache.removeAll()
        return ended
    }

    /// Ends every session of the user with `id` (admin); throws ``StoreError/notFound(entity:id:)`` when absent.
    package func revokeSessions(ofUser id: String, by actor: Actor) async throws {
        let user = try await self.user(id: id)
        let ended = try await endSessions(ofUser: user.id)
        try await store.appendAudit(
            AuditRecord.make(
                action: .userRevokeSessions,
                targetType: .user,
                targetID: user.id,
                actor: actor,
                details: "sessions=\(ended)"
            )
        )
    }
}
