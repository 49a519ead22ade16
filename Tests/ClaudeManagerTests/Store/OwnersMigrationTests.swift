import Foundation
import Logging
import SQLKit
import Testing

@testable import ClaudeManager

/// Migration 2 gives what existed before owners to the first admin, and binds credentials to their projects' hosts.
@Suite("Owners migration")
struct OwnersMigrationTests {
    @Test func existingProjectsAndCredentialsGoToTheFirstAdmin() async throws {
        let logger = Logger(label: "migration-test")
        let directory = try TestEnvironment.makeTemporaryDirectory("cm-migrate")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let connection = try await DatabaseConnection.open(
            url: (directory as NSString).appendingPathComponent("old.sqlite"),
            logger: logger
        )
        let sql = connection.sql
        // A database as version 1 left it.
        try await sql.raw("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)")
            .run()
        for statement in try #require(Migrations.all.first { $0.version == 1 }).statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        try await sql.raw("INSERT INTO schema_migrations VALUES (1, 0)").run()
        for (id, role, created) in [("m1", "member", 1), ("a2", "admin", 3), ("a1", "admin", 2)] {
            try await sql.raw(
                """
                INSERT INTO users (id, email, password_hash, role, disabled, created_at, updated_at)
                VALUES (\(bind: id), \(bind: id + "@example.com"), 'x', \(bind: role), 0, \(bind: created), 0)
                """
            ).run()
        }
        for (id, provider) in [("used", "other"), ("github", "github"), ("idle", "other")] {
            try await sql.raw(
                """
                INSERT INTO git_credentials (id, name, kind, provider, created_at)
                VALUES (\(bind: id), \(bind: id), 'none', \(bind: provider), 0)
                """
            ).run()
        }
        for (id, repository, credential) in [
            ("p1", "ssh://git@git.example.com:2222/a/b.git", "used"), ("p2", "https://git.example.com/c.git", "used"),
            ("p3", "git@github.com:acme/x.git", "github"),
        ] {
            try await sql.raw(
                """
                INSERT INTO projects (id, name, short_name, git_repository, git_credential_id, cpu, memory,
                    storage_size, desired_state, status, created_at, updated_at, status_changed_at)
                VALUES (\(bind: id), \(bind: id), \(bind: id), \(bind: repository), \(bind: credential), '1', '1Gi',
                    '1Gi', 'stopped', 'stopped', 0, 0, 0)
                """
            ).run()
        }

        try await Migrations.run(on: sql, logger: logger)
        let store = SQLStore(connection: connection, secretBox: SecretBox(masterSecret: Array("k".utf8)))
        for project in try await store.allProjects() {
            #expect(project.owner == ProjectMember(userID: "a1", email: "a1@example.com"))
            #expect(project.collaborators.isEmpty)
        }
        let credentials = Dictionary(uniqueKeysWithValues: try await store.listGitCredentials().map { ($0.id, $0) })
        #expect(credentials.values.allSatisfy { $0.scope == .shared && $0.ownerID == "a1" })
        #expect(credentials["used"]?.hosts.map(\.description) == ["git.example.com:2222", "git.example.com"])
        #expect(credentials["github"]?.hosts.map(\.description) == ["github.com"])
        #expect(credentials["idle"]?.hosts == [])
        try await connection.close()
    }
}
