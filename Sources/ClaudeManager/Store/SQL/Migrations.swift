import Logging
import SQLKit

/// The numbered schema changes; shipped ones are never edited.
package enum Migrations {
    package static let all: [(version: Int, statements: [String])] = [
        (
            1,
            [
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    disabled BIGINT NOT NULL DEFAULT 0,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE api_tokens (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    prefix TEXT NOT NULL,
                    value_hash TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT,
                    last_used_at BIGINT
                )
                """,
                """
                CREATE TABLE git_credentials (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    username TEXT,
                    secret TEXT,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE projects (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    short_name TEXT NOT NULL UNIQUE,
                    git_repository TEXT NOT NULL,
                    git_credential_id TEXT REFERENCES git_credentials(id),
                    cpu TEXT NOT NULL,
                    memory TEXT NOT NULL,
                    storage_size TEXT NOT NULL,
                    storage_class TEXT,
                    desired_state TEXT NOT NULL,
                    status TEXT NOT NULL,
                    status_reason TEXT,
                    agent_url TEXT,
                    keep_volumes_on_delete BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    status_changed_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX projects_created_at ON projects (created_at)",
                "CREATE INDEX projects_status ON projects (status)",
                """
                CREATE TABLE project_secrets (
                    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    ciphertext TEXT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (project_id, name)
                )
                """,
                """
                CREATE TABLE audit_log (
                    id TEXT PRIMARY KEY,
                    actor_id TEXT,
                    actor_email TEXT,
                    action TEXT NOT NULL,
                    target_type TEXT NOT NULL,
                    target_id TEXT,
                    details TEXT,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX audit_log_created_at ON audit_log (created_at)",
            ]
        ),
        (
            3,
            [
                """
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    revoked_at BIGINT
                )
                """,
                "CREATE INDEX sessions_user_id ON sessions (user_id)",
                "CREATE INDEX sessions_expires_at ON sessions (expires_at)",
            ]
        ),
    ]

    /// Applies every migration the database has not seen yet, in order.
    package static func run(on database: any SQLDatabase, logger: Logger) async throws {
        try await database.raw(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)"
        ).run()
        let applied = try await database.select().column("version").from("schema_migrations").all()
            .map { try $0.decode(column: "version", as: Int.self) }
        for migration in all where !applied.contains(migration.version) {
            try await database.withSession { session in
                try await session.raw("BEGIN").run()
                do {
                    for statement in migration.statements {
                        try await session.raw(SQLQueryString(statement)).run()
                    }
                    try await session.insert(into: "schema_migrations")
                        .columns("version", "applied_at")
                        .values(SQLBind(migration.version), SQLBind(Timestamp.now))
                        .run()
                    try await session.raw("COMMIT").run()
                } catch {
                    try? await session.raw("ROLLBACK").run()  // nil: the migration error is the one to report
                    throw error
                }
            }
            logger.info("applied migration", metadata: ["migration.version": "\(migration.version)"])
        }
    }
}
