import Foundation

/// What a user may do.
package enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case viewer
    case member
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .member: 1
        case .admin: 2
        }
    }

    package static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// A person (or automation) allowed to use the manager.
package struct User: Sendable, Equatable {
    package var id: String
    package var email: String
    package var role: Role
    package var isDisabled: Bool
    package var createdAt: Date
    package var updatedAt: Date
}

/// A user together with the bcrypt hash of their password.
package struct UserCredentials: Sendable {
    package var user: User
    package var passwordHash: String
}
