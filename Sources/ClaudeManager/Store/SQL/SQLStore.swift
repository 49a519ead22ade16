import Foundation
import Logging
import PostgresNIO
import SQLKit
import SQLiteNIO

/// The store on SQLKit, one implementation for SQLite and PostgreSQL; secrets are sealed before they reach SQL.
package struct SQLStore: Store {
    let database: any SQLDatabase
    let engine: DatabaseConnection.Engine
    let secretBox: SecretBox
    /// The in-memory copy of the projects that serves project reads; `nil` reads every time from SQL.
    let projectCatalog: ProjectCatalog?

    /// - Parameter cachingProjects: serve project reads from a ``ProjectCatalog`` (for one manager per database).
    package init(connection: DatabaseConnection, secretBox: SecretBox, cachingProjects: Bool = false) {
        self.database = connection.sql
        self.engine = connection.engine
        self.secretBox = secretBox
        self.projectCatalog = cachingProjects ? ProjectCatalog() : nil
    }

    package func ping() async throws {
        _ = try await database.raw("SELECT 1 AS one").all()
    }

    /// Runs `body`, turning a unique-constraint violation into ``StoreError/conflict(_:)``.
    func mappingConflicts<T: Sendable>(_ message: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError.conflict(message)
        } catch let error as SQLiteError where Self.isUniqueViolation(error.reason) {
            throw StoreError.conflict(message)
        }
    }

    /// SQLite reports a unique (or primary key) violation as a constraint failure, extended codes or not.
    private static func isUniqueViolation(_ reason: SQLiteError.Reason) -> Bool {
        switch reason {
        case .constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed: true
        default: false
        }
    }

    /// Rows counted by `query`'s `COUNT(*) AS n` column.
    func count(_ query: SQLSelectBuilder) async throws -> Int {
        guard let row = try await query.first() else { return 0 }
        return try row.decode(column: "n", as: Int.self)
    }
}
