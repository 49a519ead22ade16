import Foundation
import SQLKit

extension SQLStore {
    package func insertToken(_ token: APIToken, valueHash: String) async throws {
        try await database.insert(into: "api_tokens")
            .columns("id", "user_id", "name", "prefix", "value_hash", "created_at", "expires_at", "last_used_at")
            .values(
                SQLBind(token.id),
                SQLBind(token.userID),
                SQLBind(token.name),
                SQLBind(token.prefix),
                SQLBind(valueHash),
                SQLBind(Timestamp.milliseconds(token.createdAt)),
                SQLBind(token.expiresAt.map(Timestamp.milliseconds)),
                SQLBind(token.lastUsedAt.map(Timestamp.milliseconds))
            )
            .run()
    }

    package func token(valueHash: String) async throws -> APIToken? {
        try await database.select().columns("*").from("api_tokens").where("value_hash", .equal, valueHash).first()
            .map(Self.token(from:))
    }

    package func token(id: String) async throws -> APIToken? {
        try await database.select().columns("*").from("api_tokens").where("id", .equal, id).first()
            .map(Self.token(from:))
    }

    package func listTokens(userID: String?) async throws -> [APIToken] {
        var query = database.select().columns("*").from("api_tokens")
        if let userID { query = query.where("user_id", .equal, userID) }
        return try await query.orderBy("created_at", .descending).all().map(Self.token(from:))
    }

    package func deleteToken(id: String) async throws {
        guard try await token(id: id) != nil else { throw StoreError.notFound(entity: "token", id: id) }
        try await database.delete(from: "api_tokens").where("id", .equal, id).run()
    }

    package func recordTokenUse(id: String, at date: Date) async throws {
        try await database.update("api_tokens").set("last_used_at", to: Timestamp.milliseconds(date))
            .where("id", .equal, id).run()
    }

    private static func token(from row: any SQLRow) throws -> APIToken {
        APIToken(
            id: try row.decode(column: "id", as: String.self),
            userID: try row.decode(column: "user_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            prefix: try row.decode(column: "prefix", as: String.self),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: try row.decode(column: "expires_at", as: Int64?.self).map(Timestamp.date),
            lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map(Timestamp.date)
        )
    }
}
