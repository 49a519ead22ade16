import Logging
import SQLKit

/// One numbered schema change: SQL statements, then optionally a data backfill in Swift, in one transaction.
package struct Migration: Sendable {
    package var version: Int
    package var statements: [String]
    package var backfill: (@Sendable (any SQLDatabase) async throws -> Void)?

    init(_ version: Int, _ statements: [String], backfill: (@Sendable (any SQLDatabase) async throws -> Void)? = nil) {
        self.version = version
        self.statements = statements
        self.backfill = backfill
    }
}

/// The numbered schema changes; shipped ones are never edited.
package enum Migrations {
    package static let all: [Migration] = [
        Migration(
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
        Migration(
            2,
            [
                // Owners: existing projects and credentials go to the first admin; credentials become shared.
                "ALTER TABLE git_credentials ADD COLUMN owner_id TEXT",
                "ALTER TABLE git_credentials ADD COLUMN scope TEXT NOT NULL DEFAULT 'shared'",
                "ALTER TABLE git_credentials ADD COLUMN hosts TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE projects ADD COLUMN owner_id TEXT",
                "ALTER TABLE projects ADD COLUMN status_cause TEXT",
                """
                CREATE TABLE project_collaborators (
                    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    added_at BIGINT NOT NULL,
                    PRIMARY KEY (project_id, user_id)
                )
                """,
                "CREATE INDEX project_collaborators_user ON project_collaborators (user_id)",
                "CREATE INDEX projects_owner ON projects (owner_id)",
                """
                CREATE TABLE kept_workspaces (
                    short_name TEXT PRIMARY KEY,
                    owner_id TEXT,
                    project_id TEXT NOT NULL,
                    kept_at BIGINT NOT NULL
                )
                """,
                """
                UPDATE projects SET owner_id =
                    (SELECT id FROM users WHERE role = 'admin' ORDER BY created_at, id LIMIT 1)
                """,
                """
                UPDATE git_credentials SET owner_id =
                    (SELECT id FROM users WHERE role = 'admin' ORDER BY created_at, id LIMIT 1)
                """,
            ],
            backfill: bindCredentialsToTheirProjectsHosts
        ),
        Migration(
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

    /// Binds each credential to the hosts of the projects that use it (its provider's host when none does).
    @Sendable
    static func bindCredentialsToTheirProjectsHosts(_ database: any SQLDatabase) async throws {
        let credentials = try await database.select().columns("id", "provider").from("git_credentials").all()
        for row in credentials {
            let id = try row.decode(column: "id", as: String.self)
            let provider = GitProvider(rawValue: try row.decode(column: "provider", as: String.self)) ?? .other
            let repositories = try await database.select().column("git_repository").from("projects")
                .where("git_credential_id", .equal, id).orderBy("id").all()
                .map { try $0.decode(column: "git_repository", as: String.self) }
            var hosts: [GitHostBinding] = []
            for repository in repositories {
                // nil: a repository that no longer parses binds nothing
                guard let remote = try? GitRemote(parsing: repository), remote.transport != .file,
                    let binding = GitHostBinding(remote: remote), !hosts.contains(binding)
                else { continue }
                hosts.append(binding)
            }
            if hosts.isEmpty, let host = provider.defaultHost { hosts = [host] }
            try await database.update("git_credentials")
                .set("hosts", to: GitHostBinding.column(hosts))
                .where("id", .equal, id)
                .run()
        }
    }

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
                    try await migration.backfill?(session)
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
