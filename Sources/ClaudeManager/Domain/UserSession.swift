import Foundation

/// The server-side record of one session JWT, found by the token's `jti`; a session ends when it expires or is
/// revoked (logout, a password change or reset, disabling the user, or an admin ending the user's sessions).
package struct UserSession: Sendable, Equatable {
    package var id: String
    package var userID: String
    package var createdAt: Date
    package var expiresAt: Date
    /// When the session was ended before its expiry; `nil` while it may be used.
    package var revokedAt: Date?

    package init(id: String, userID: String, createdAt: Date, expiresAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the session may be used at `date`.
    package func isUsable(at date: Date) -> Bool {
        revokedAt == nil && expiresAt > date
    }
}
