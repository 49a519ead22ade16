import Foundation
import SQLKit

extension SQLStore {
    package func insertSession(_ session: UserSession) async throws {
        try await database.insert(into: "sessions")
            .columns("id", "user_id", "created_at", "expires_at", "revoked_at")
            .values(
                SQLBind(session.id),
                SQLBind(session.userID),
                SQLBind(Timestamp.milliseconds(session.createdAt)),
                SQLBind(Timestamp.milliseconds(session.expiresAt)),
                SQLBind(session.revokedAt.map(Timestamp.milliseconds))
            )
            .run()
    }

    package func session(id: String) async throws -> UserSession? {
        try await database.select().columns("*").from("sessions").where("id", .equal, id).first()
            .map(Self.session(from:))
    }

    package func revokeSession(id: String, at date: Date) async throws {
        try await database.update("sessions")
            .set("revoked_at", to: Timestamp.milliseconds(date))
            .where("id", .equal, id)
            .where("revoked_at", .is, SQLLiteral.null)
            .run()
    }

    package func revokeSessions(userID: String, except keptID: String?, at date: Date) async throws -> Int {
        var count = database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("sessions")
            .where("user_id", .equal, userID)
            .where("revoked_at", .is, SQLLiteral.null)
        var update = database.update("sessions")
            .set("revoked_at", to: Timestamp.milliseconds(date))
            .where("user_id", .equal, userID)
            .where("revoked_at", .is, SQLLiteral.null)
        if let keptID {
            count = count.where("id", .notEqual, keptID)
            update = update.where("id", .notEqual, keptID)
        }
        let revoked = try await self.count(count)
        try await update.run()
        return revoked
    }

    package func deleteSessions(expiredBefore date: Date) async throws {
        try await database.delete(from: "sessions")
            .where("expires_at", .lessThan, Timestamp.milliseconds(date))
            .run()
    }

    private static func session(from row: any SQLRow) throws -> UserSession {
        UserSession(
            id: try row.decode(column: "id", as: String.self),
            userID: try row.decode(column: "user_id", as: String.self),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Timestamp.date(try row.decode(column: "expires_at", as: Int64.self)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Timestamp.date)
        )
    }
}
