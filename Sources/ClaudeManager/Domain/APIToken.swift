import Foundation

/// A long-lived token for automation; only its SHA-256 hash is stored.
package struct APIToken: Sendable, Equatable {
    package var id: String
    package var userID: String
    package var name: String
    package var prefix: String
    package var createdAt: Date
    package var expiresAt: Date?
    package var lastUsedAt: Date?
}
