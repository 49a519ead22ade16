import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// An open database: SQLite (one connection, WAL) or a PostgreSQL pool.
package final class DatabaseConnection: Sendable {
    /// Which engine is behind ``sql``.
    package enum Engine: String, Sendable {
        case sqlite
        case postgres
    }

    package let engine: Engine
    package let sql: any SQLDatabase
    private let closeAction: @Sendable () async throws -> Void

    private init(engine: Engine, sql: any SQLDatabase, close: @escaping @Sendable () async throws -> Void) {
        self.engine = engine
        self.sql = sql
        self.closeAction = close
    }

    /// Opens the database named by `url`: `postgres://…` or a SQLite file path (or `sqlite://path`).
    package static func open(url: String, logger: Logger) async throws -> DatabaseConnection {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let configuration = try SQLPostgresConfiguration(url: url)
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: 4,
                pruneInterval: .seconds(60),
                logger: logger,
                on: MultiThreadedEventLoopGroup.singleton
            )
            let database = pool.database(logger: logger).sql()
            let box = PoolBox(pool: pool)
            let connection = DatabaseConnection(engine: .postgres, sql: database) { try await box.pool.shutdownAsync() }
            do {
                try await connection.ping()
            } catch {
                try? await box.pool.shutdownAsync()  // nil: the ping failure is the error to report
                throw error
            }
            return connection
        }
        let path = url.hasPrefix("sqlite://") ? String(url.dropFirst("sqlite://".count)) : url
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sqlite = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let database = sqlite.sql()
        _ = try await database.raw("PRAGMA journal_mode=WAL").all()
        try await database.raw("PRAGMA busy_timeout=5000").run()
        try await database.raw("PRAGMA foreign_keys=ON").run()
        try await database.raw("PRAGMA synchronous=NORMAL").run()
        return DatabaseConnection(engine: .sqlite, sql: database) {
            // The future-based close: the async one refuses to start in a cancelled task, and a SQLite connection
            // that is never closed trips SQLiteNIO's check when it is released.
            let closed: EventLoopFuture<Void> = sqlite.close()
            try await closed.get()
        }
    }

    /// Runs a trivial query.
    package func ping() async throws {
        _ = try await sql.raw("SELECT 1 AS one").all()
    }

    package func close() async throws {
        try await closeAction()
    }
}

/// Carries the PostgreSQL pool into the close action.
///
/// `EventLoopGroupConnectionPool` guards all of its mutable state with its own lock (AsyncKit predates `Sendable`
/// annotations), and the box only ever calls its thread-safe `shutdownAsync()`.
private struct PoolBox: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
}
