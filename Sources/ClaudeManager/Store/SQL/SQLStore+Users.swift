import Foundation
import SQLKit

extension SQLStore {
    package func insertUser(_ user: User, passwordHash: String) async throws {
        try await mappingConflicts("a user with this email already exists") {
            try await database.insert(into: "users")
                .columns("id", "email", "password_hash", "role", "disabled", "created_at", "updated_at")
                .values(
                    SQLBind(user.id),
                    SQLBind(user.email.lowercased()),
                    SQLBind(passwordHash),
                    SQLBind(user.role.rawValue),
                    SQLBind(user.isDisabled ? 1 : 0),
                    SQLBind(Timestamp.milliseconds(user.createdAt)),
                    SQLBind(Timestamp.milliseconds(user.updatedAt))
                )
                .run()
        }
    }

    package func user(id: String) async throws -> User? {
        try await credentials(userID: id)?.user
    }

    package func credentials(email: String) async throws -> UserCredentials? {
        try await database.select().columns("*").from("users")
            .where("email", .equal, email.lowercased())
            .first()
            .map(Self.credentials(from:))
    }

    package func credentials(userID: String) async throws -> UserCredentials? {
        try await database.select().columns("*").from("users").where("id", .equal, userID).first()
            .map(Self.credentials(from:))
    }

    package func listUsers() async throws -> [User] {
        try await database.select().columns("*").from("users").orderBy("email").all()
            .map { try Self.credentials(from: $0).user }
    }

    package func updateUser(_ user: User) async throws {
        guard try await self.user(id: user.id) != nil else { throw StoreError.notFound(entity: "user", id: user.id) }
        try await database.update("users")
            .set("role", to: user.role.rawValue)
            .set("disabled", to: user.isDisabled ? 1 : 0)
            .set("updated_at", to: Timestamp.milliseconds(user.updatedAt))
            .where("id", .equal, user.id)
            .run()
    }

    package func updatePasswordHash(_ hash: String, userID: String) async throws {
        try await database.update("users")
            .set("password_hash", to: hash)
            .set("updated_at", to: Timestamp.now)
            .where("id", .equal, userID)
            .run()
    }

    package func deleteUser(id: String) async throws {
        guard try await user(id: id) != nil else { throw StoreError.notFound(entity: "user", id: id) }
        try await database.delete(from: "api_tokens").where("user_id", .equal, id).run()
        try await database.delete(from: "sessions").where("user_id", .equal, id).run()
        try await database.delete(from: "users").where("id", .equal, id).run()
    }

    package func countUsers() async throws -> Int {
        try await count(database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users"))
    }

    package func countActiveAdmins() async throws -> Int {
        try await count(
            database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users")
                .where("role", .equal, Role.admin.rawValue)
                .where("disabled", .equal, 0)
        )
    }

    private static func credentials(from row: any SQLRow) throws -> UserCredentials {
        let roleText = try row.decode(column: "role", as: String.self)
        let user = User(
            id: try row.decode(column: "id", as: String.self),
            email: try row.decode(column: "email", as: String.self),
            role: Role(rawValue: roleText) ?? .viewer,
            isDisabled: try row.decode(column: "disabled", as: Int.self) != 0,
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp.date(try row.decode(column: "updated_at", as: Int64.self))
        )
        return UserCredentials(user: user, passwordHash: try row.decode(column: "password_hash", as: String.self))
    }
}
