import Foundation
import Logging
import SQLKit
import Testing

@testable import ClaudeManager

/// Where a store test runs: a fresh SQLite file, or a fresh schema in the PostgreSQL of `scripts/test`; the
/// `…WithCatalog` cases serve project reads from a loaded ``ProjectCatalog``, as the server does.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres
    case sqliteWithCatalog
    case postgresWithCatalog

    /// The SQLite runs, in ``StoreTests``.
    static let sqliteCases: [StoreBackend] = [.sqlite, .sqliteWithCatalog]
    /// The PostgreSQL runs, in ``PostgresStoreTests``.
    static let postgresCases: [StoreBackend] = [.postgres, .postgresWithCatalog]

    private var cachesProjects: Bool { self == .sqliteWithCatalog || self == .postgresWithCatalog }

    var testDescription: String { rawValue }

    /// Opens a fresh, migrated database and runs `body`; a PostgreSQL run without `TEST_DATABASE_URL` fails (it only
    /// runs so under `CM_REQUIRE_POSTGRES=1`: see ``PostgresStoreTests``).
    func withStore(_ body: (SQLStore, DatabaseConnection, String) async throws -> Void) async throws {
        let logger = Logger(label: "store-test")
        let directory = try TestEnvironment.makeTemporaryDirectory("cm-store")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url: String
        switch self {
        case .sqlite, .sqliteWithCatalog:
            url = (directory as NSString).appendingPathComponent("store.sqlite")
        case .postgres, .postgresWithCatalog:
            let base = try TestEnvironment.requirePostgresURL()
            url = try await Self.freshPostgresDatabase(base: base, logger: logger)
        }
        let connection = try await DatabaseConnection.open(url: url, logger: logger)
        do {
            try await Migrations.run(on: connection.sql, logger: logger)
            let store = SQLStore(
                connection: connection,
                secretBox: SecretBox(masterSecret: Array("store-test-master-key".utf8)),
                cachingProjects: cachesProjects
            )
            _ = try await store.allProjects()  // loads the catalog first, so every write below has to update it
            try await body(store, connection, url)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// Creates a new database on the server of `base` and returns its URL.
    private static func freshPostgresDatabase(base: String, logger: Logger) async throws -> String {
        let name = "cm_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        let admin = try await DatabaseConnection.open(url: base, logger: logger)
        try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
        try await admin.close()
        var components = try #require(URLComponents(string: base))
        components.path = "/\(name)"
        return try #require(components.string)
    }
}

/// The store on SQLite; ``PostgresStoreTests`` runs each test again on PostgreSQL (add new tests there too).
@Suite("Store")
struct StoreTests {
    static func makeProject(
        _ shortName: String,
        name: String? = nil,
        status: ProjectStatus = .stopped,
        at date: Date = Date()
    )
        -> Project
    {
        Project(
            id: UUID().uuidString.lowercased(),
            name: name ?? "Project \(shortName)",
            shortName: shortName,
            gitRepository: "https://github.com/acme/\(shortName).git",
            gitCredentialID: nil,
            resources: .defaults,
            storage: StorageRequirements(size: "10Gi", storageClass: nil),
            desiredState: .stopped,
            status: status,
            statusReason: nil,
            agentURL: nil,
            secretNames: [],
            keepVolumesOnDelete: nil,
            createdAt: date,
            updatedAt: date,
            statusChangedAt: date
        )
    }

    static func makeUser(_ email: String, role: Role = .member) -> User {
        User(
            id: UUID().uuidString.lowercased(),
            email: email,
            role: role,
            isDisabled: false,
            createdAt: Date(),
            updatedAt: Date()
        )
    }

    @Test(arguments: StoreBackend.sqliteCases)
    func usersRoundTripAndEmailIsUnique(backend: StoreBackend) async throws {
        try await backend.withStore { store, _, _ in
            let user = Self.makeUser("Alice@Example.com", role: .admin)
            try await store.insertUser(user, passwordHash: "hash-1")
            let found = try #require(try await store.credentials(email: "alice@example.com"))
            #expect(found.user.id == user.id)
            #expect(found.user.email == "alice@example.com")
            #expect(found.passwordHash == "hash-1")
            await #expect(throws: StoreError.conflict("a user with this email already exists")) {
                try await store.insertUser(Self.makeUser("alice@example.com"), passwordHash: "x")
            }
            var changed = found.user
            changed.role = .viewer
            changed.isDisabled = true
            try await store.updateUser(changed)
            #expect(try await store.user(id: user.id)?.role == .viewer)
            #expect(try await store.user(id: user.id)?.isDisabled == true)
            #expect(try await store.countActiveAdmins() == 0)
            try await store.updatePasswordHash("hash-2", userID: user.id)
            #expect(try await store.credentials(userID: user.id)?.passwordHash == "hash-2")
            try await store.deleteUser(id: user.id)
            #expect(try await store.user(id: user.id) == nil)
            await #expect(throws: StoreError.notFound(entity: "user", id: user.id)) {
                try await store.deleteUser(id: user.id)
            }
        }
    }

    @Test(arguments: StoreBackend.sqliteCases)
    func tokensAreFoundByHashAndDeletedWithTheirUser(backend: StoreBackend) async throws {
        try await backend.withStore { store, _, _ in
            let user = Self.makeUser("bob@example.com")
            try await store.insertUser(user, passwordHash: "h")
            let token = APIToken(
                id: "t1",
                userID: user.id,
                name: "ci",
                prefix: "cm_abc",
                createdAt: Date(),
                expiresAt: nil,
                lastUsedAt: nil
            )
            try await store.insertToken(token, valueHash: "hash-of-value")
            #expect(try await store.token(valueHash: "hash-of-value")?.id == "t1")
            #expect(try await store.token(valueHash: "other") == nil)
            try await store.recordTokenUse(id: "t1", at: Date())
            #expect(try await store.token(id: "t1")?.lastUsedAt != nil)
            #expect(try await store.listTokens(userID: user.id).count == 1)
            try await store.deleteUser(id: user.id)
            #expect(try await store.listTokens(userID: nil).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.sqliteCases)
    func projectsListSearchFilterAndPaginate(backend: StoreBackend) async throws {
        try await backend.withStore { store, _, _ in
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            for index in 0..<25 {
                let project = Self.makeProject(
                    "svc-\(index)",
                    name: index % 5 == 0 ? "Payments \(index)" : "Service \(index)",
                    status: index % 2 == 0 ? .running : .stopped,
                    at: base.addingTimeInterval(Double(index))
                )
                try await store.insertProject(project, secrets: [:])
            }
            let first = try await store.listProjects(ProjectQuery(page: 1, limit: 10))
            #expect(first.total == 25)
            #expect(first.items.count == 10)
            #expect(first.items.first?.shortName == "svc-24")
            let last = try await store.listProjects(ProjectQuery(page: 3, limit: 10))
            #expect(last.items.map(\.shortName) == ["svc-4", "svc-3", "svc-2", "svc-1", "svc-0"])
            let payments = try await store.listProjects(ProjectQuery(search: "PAYMENTS"))
            #expect(payments.total == 5)
            let running = try await store.listProjects(ProjectQuery(limit: 100, status: .running))
            #expect(running.total == 13)
            #expect(running.items.allSatisfy { $0.status == .running })
            let wildcard = try await store.listProjects(ProjectQuery(search: "%"))
            #expect(wildcard.total == 0)
            await #expect(throws: StoreError.self) {
                try await store.insertProject(Self.makeProject("svc-1"), secrets: [:])
            }
        }
    }

    @Test(arguments: StoreBackend.sqliteCases)
    func statusUpdatesDoNotOverwriteDeleting(backend: StoreBackend) async throws {
        try await backend.withStore { store, _, _ in
            let project = Self.makeProject("status-check")
            try await store.insertProject(project, secrets: [:])
            try await store.updateStatus(
                projectID: project.id,
                status: .error,
                reason: "clone failed: x",
                agentURL: nil
            )
            #expect(try await store.project(id: project.id)?.statusReason == "clone failed: x")
            try await store.updateStatus(projectID: project.id, status: .deleting, reason: nil, agentURL: nil)
            try await store.updateStatus(projectID: project.id, status: .running, reason: nil, agentURL: "http://x")
            #expect(try await store.project(id: project.id)?.status == .deleting)
        }
    }

    @Test(arguments: StoreBackend.sqliteCases)
    func secretsAreEncryptedAtRest(backend: StoreBackend) async throws {
        try await backend.withStore { store, connection, url in
            let project = Self.makeProject("secretive")
            let key = "sk-ant-api03-PLAINTEXT-MARKER-1234567890"
            try await store.insertProject(project, secrets: [.anthropicAPIKey: key, .sudoPassword: "sudo-MARKER-pw"])
            let credential = GitCredential(
                id: "c1",
                name: "gh",
                kind: .token,
                provider: .github,
                username: "x-access-token",
                createdAt: Date(),
                ownerID: nil,
                scope: .shared,
                hosts: GitHostBinding.bindings(column: "github.com")
            )
            try await store.insertGitCredential(
                credential,
                secret: .token(username: "x-access-token", token: "ghp_TOKEN-MARKER-42")
            )
            #expect(try await store.secrets(projectID: project.id)[.anthropicAPIKey] == key)
            #expect(
                try await store.gitSecret(credentialID: "c1")
                    == .token(username: "x-access-token", token: "ghp_TOKEN-MARKER-42")
            )
            #expect(try await store.project(id: project.id)?.secretNames == [.anthropicAPIKey, .sudoPassword])

            var rawText = ""
            for table in ["project_secrets", "git_credentials", "projects"] {
                for row in try await connection.sql.select().columns("*").from(table).all() {
                    for column in row.allColumns {
                        if let value = try? row.decode(column: column, as: String.self) { rawText += value + "\n" }
                    }
                }
            }
            #expect(!rawText.isEmpty)
            for marker in ["PLAINTEXT-MARKER", "sudo-MARKER", "TOKEN-MARKER"] {
                #expect(!rawText.contains(marker))
            }
            if backend == .sqlite {
                try await connection.sql.raw("PRAGMA wal_checkpoint(FULL)").run()
                for suffix in ["", "-wal"] {
                    let bytes = FileManager.default.contents(atPath: url + suffix) ?? Data()
                    for marker in ["PLAINTEXT-MARKER", "sudo-MARKER", "TOKEN-MARKER"] {
                        #expect(bytes.range(of: Data(marker.utf8)) == nil)
                    }
                }
            }
            try await store.setSecret(.anthropicAPIKey, value: nil, projectID: project.id)
            #expect(try await store.secrets(projectID: project.id)[.anthropicAPIKey] == nil)
            #expect(try await store.project(id: project.id)?.secretNames == [.sudoPassword])
        }
    }

    /// After any mix of writes, some of them concurrent and some failing, the catalog answers exactly what
    /// the database holds.
    @Test(arguments: [StoreBackend.sqliteWithCatalog])
    func catalogMatchesTheDatabaseAfterEveryKindOfWrite(backend: StoreBackend) async throws {
        try await backend.withStore { store, connection, _ in
            let direct = SQLStore(connection: connection, secretBox: store.secretBox)
            func expectSameAsDatabase(_ comment: Comment) async throws {
                let query = ProjectQuery(page: 1, limit: 200)
                #expect(try await store.listProjects(query) == direct.listProjects(query), comment)
                for project in try await direct.allProjects() {
                    #expect(try await store.project(id: project.id) == project, comment)
                    #expect(try await store.project(shortName: project.shortName) == project, comment)
                }
            }
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            var projects: [Project] = []
            for index in 0..<12 {
                let project = Self.makeProject("cat-\(index)", at: base.addingTimeInterval(Double(index % 4)))
                try await store.insertProject(project, secrets: index % 3 == 0 ? [.sudoPassword: "pw"] : [:])
                projects.append(project)
            }
            try await expectSameAsDatabase("after inserts with equal creation times")

            await #expect(throws: StoreError.self) {
                try await store.insertProject(Self.makeProject("cat-1"), secrets: [:])
            }
            var renamed = projects[2]
            renamed.name = "Renamed"
            renamed.desiredState = .running
            let revision = try #require(store.projectsRevision)
            try await store.updateProject(renamed)
            #expect(try #require(store.projectsRevision) > revision)
            try await store.setSecret(.anthropicAPIKey, value: "sk-1", projectID: projects[4].id)
            try await store.deleteProject(id: projects[5].id)
            try await expectSameAsDatabase("after a failed insert, an update, a secret and a delete")

            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, project) in projects.enumerated() where index != 5 {
                    for status in [ProjectStatus.starting, .running, .error] {
                        group.addTask {
                            try await store.updateStatus(
                                projectID: project.id,
                                status: status,
                                reason: "\(status)",
                                agentURL: nil
                            )
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await expectSameAsDatabase("after concurrent status updates")
            let running = try await store.listProjects(ProjectQuery(limit: 100, status: .running))
            #expect(try await running == direct.listProjects(ProjectQuery(limit: 100, status: .running)))
            #expect(try await store.listProjects(ProjectQuery(search: "RENAMED")).items.map(\.id) == [renamed.id])
        }
    }

    @Test(arguments: StoreBackend.sqliteCases)
    func gitCredentialsAndAudit(backend: StoreBackend) async throws {
        try await backend.withStore { store, _, _ in
            let credential = GitCredential(
                id: "k1",
                name: "deploy key",
                kind: .sshKey,
                provider: .gitlab,
                username: nil,
                createdAt: Date(),
                ownerID: nil,
                scope: .shared,
                hosts: GitHostBinding.bindings(column: "github.com")
            )
            try await store.insertGitCredential(
                credential,
                secret: .sshKey(privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nabc")
            )
            #expect(try await store.listGitCredentials().map(\.name) == ["deploy key"])
            var project = Self.makeProject("uses-key")
            project.gitCredentialID = "k1"
            try await store.insertProject(project, secrets: [:])
            #expect(try await store.countProjects(usingCredential: "k1") == 1)
            for action in [AuditAction.projectStart, .projectStop, .projectRefresh] {
                try await store.appendAudit(
                    AuditRecord.make(action: action, targetType: .project, targetID: project.id, actor: .system)
                )
            }
            let page = try await store.listAudit(page: 1, limit: 2)
            #expect(page.total == 3)
            #expect(page.items.map(\.action) == ["project.refresh", "project.stop"])
        }
    }

    @Test(arguments: StoreBackend.sqliteCases)
    func migrationsAreIdempotent(backend: StoreBackend) async throws {
        try await backend.withStore { _, connection, _ in
            try await Migrations.run(on: connection.sql, logger: Logger(label: "again"))
            let rows = try await connection.sql.select().column("version").from("schema_migrations").all()
            #expect(rows.count == Migrations.all.count)
        }
    }
}
