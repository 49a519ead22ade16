import Foundation
import SQLKit

extension SQLStore {
    package func appendAudit(_ record: AuditRecord) async throws {
        try await database.insert(into: "audit_log")
            .columns("id", "actor_id", "actor_email", "action", "target_type", "target_id", "details", "created_at")
            .values(
                SQLBind(record.id),
                SQLBind(record.actorID),
                SQLBind(record.actorEmail),
                SQLBind(record.action),
                SQLBind(record.targetType),
                SQLBind(record.targetID),
                SQLBind(record.details),
                SQLBind(Timestamp.milliseconds(record.createdAt))
            )
            .run()
    }

    package func listAudit(page: Int, limit: Int) async throws -> Page<AuditRecord> {
        let total = try await count(
            database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_log")
        )
        let rows = try await database.select().columns("*").from("audit_log")
            .orderBy("created_at", .descending).orderBy("id", .descending)
            .limit(limit).offset((page - 1) * limit).all()
        let items = try rows.map { row in
            AuditRecord(
                id: try row.decode(column: "id", as: String.self),
                actorID: try row.decode(column: "actor_id", as: String?.self),
                actorEmail: try row.decode(column: "actor_email", as: String?.self),
                action: try row.decode(column: "action", as: String.self),
                targetType: try row.decode(column: "target_type", as: String.self),
                targetID: try row.decode(column: "target_id", as: String?.self),
                details: try row.decode(column: "details", as: String?.self),
                createdAt: Timestamp.date(try row.decode(column: "created_at", as: Int64.self))
            )
        }
        return Page(items: items, total: total, page: page, limit: limit)
    }
}
