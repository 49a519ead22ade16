import Configuration
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import ClaudeManager

@Suite("Login hardening")
struct LoginHardeningTests {
    /// The work factors of the hashes every verification ran against.
    final class Verifications: Sendable {
        private let costs = Mutex<[Int]>([])
        func record(_ cost: Int) { costs.withLock { $0.append(cost) } }
        func take() -> [Int] {
            costs.withLock { costs in
                defer { costs = [] }
                return costs
            }
        }
    }

    /// An ``AuthService`` over a fresh SQLite store whose hasher reports every verification.
    static func withAuth(
        cost: Int,
        _ body: (AuthService, SQLStore, Verifications) async throws -> Void
    ) async throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("cm-login")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logger = Logger(label: "login-test") { _ in SwiftLogNoOpLogHandler() }
        let connection = try await DatabaseConnection.open(
            url: (directory as NSString).appendingPathComponent("auth.sqlite"),
            logger: logger
        )
        do {
            try await Migrations.run(on: connection.sql, logger: logger)
            let store = SQLStore(connection: connection, secretBox: SecretBox(masterSecret: Array("login-test".utf8)))
            let verifications = Verifications()
            let auth = await AuthService(
                store: store,
                jwtSecret: "login-test-jwt-secret-0123456789abcdef",
                sessionHours: 1,
                passwords: try await PasswordHasher.make(cost: cost) { verifications.record($0) },
                rateLimiter: LoginRateLimiter(addressLimit: 1000, accountLimit: 1000),
                logger: logger
            )
            try await body(auth, store, verifications)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    @Test func everyAttemptCostsOneVerificationAtTheConfiguredCost() async throws {
        try await Self.withAuth(cost: 5) { auth, _, verifications in
            _ = try await auth.bootstrapAdmin(email: "admin@example.com", password: "admin-password-1")
            let member = try await auth.createUser(
                email: "off@example.com",
                password: "member-password",
                role: .member,
                by: .system
            )
            _ = try await auth.updateUser(id: member.id, role: nil, isDisabled: true, password: nil, by: .system)
            #expect(verifications.take().isEmpty)

            let attempts: [(email: String, password: String, succeeds: Bool)] = [
                ("admin@example.com", "admin-password-1", true),
                ("admin@example.com", "wrong-password", false),
                ("nobody@example.com", "wrong-password", false),
                ("NOBODY@example.com ", "admin-password-1", false),
                ("off@example.com", "member-password", false),
                ("admin@example.com", "admin-password-1\u{0}anything", false),
            ]
            for attempt in attempts {
                do {
                    _ = try await auth.login(
                        email: attempt.email,
                        password: attempt.password,
                        clientAddress: "10.0.0.1"
                    )
                    #expect(attempt.succeeds, "\(attempt.email) signed in")
                } catch AuthError.invalidCredentials {
                    #expect(!attempt.succeeds, "\(attempt.email) was refused")
                }
                #expect(verifications.take() == [5], "\(attempt.email)")
            }
        }
    }

    @Test func aHashOfAnotherCostIsReplacedAtTheNextLogin() async throws {
        try await Self.withAuth(cost: 5) { auth, store, verifications in
            let now = Date()
            let user = User(
                id: "legacy",
                email: "legacy@example.com",
                role: .member,
                isDisabled: false,
                createdAt: now,
                updatedAt: now
            )
            let legacy = try await PasswordHasher.make(cost: 4).hash("legacy-password")
            try await store.insertUser(user, passwordHash: legacy)
            _ = try await auth.login(email: "legacy@example.com", password: "legacy-password", clientAddress: "a")
            #expect(verifications.take() == [4])
            let rehashed = try #require(try await store.credentials(userID: "legacy")).passwordHash
            #expect(PasswordHasher.cost(of: rehashed) == 5)
            _ = try await auth.login(email: "legacy@example.com", password: "legacy-password", clientAddress: "a")
            #expect(verifications.take() == [5])
        }
    }

    @Test func passwordsWithControlCharactersAreRefusedWhereverTheyAreSet() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            for password in ["nul-in\u{0}-password", "tab\tpassword", "line-break\npassword", "delete\u{7F}password"] {
                let created = try await admin.send(
                    .post,
                    "/api/users",
                    json: ["email": "x@example.com", "password": password, "role": "member"]
                )
                #expect(created.status == .unprocessableContent)
                #expect(Self.fields(of: created.json) == ["password"])
            }
            let member = try await admin.makeUser(role: "member", email: "m@example.com")
            let id = try #require(try await member.send(.get, "/api/auth/me").json["id"] as? String)
            let reset = try await admin.send(.patch, "/api/users/\(id)", json: ["password": "reset\u{0}password"])
            #expect(reset.status == .unprocessableContent)
            #expect(Self.fields(of: reset.json) == ["password"])
            let changed = try await member.send(
                .post,
                "/api/auth/password",
                json: ["currentPassword": "password-member", "newPassword": "changed\u{0}password"]
            )
            #expect(changed.status == .unprocessableContent)
            #expect(Self.fields(of: changed.json) == ["newPassword"])

            let truncated = try await client.send(
                .post,
                "/api/auth/login",
                json: ["email": "m@example.com", "password": "password-member\u{0}whatever"]
            )
            #expect(truncated.status == .unauthorized)
            _ = try await client.login(email: "m@example.com", password: "password-member")
        }
    }

    @Test(arguments: ["admin\u{0}password", "admin\tpassword-1", "short"])
    func anUnusableAdminPasswordStopsStartup(password: String) {
        do {
            let variables = ["ADMIN_PASSWORD": password]
            _ = try AppConfiguration.load(
                from: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: variables))
            )
            Issue.record("ADMIN_PASSWORD \(password.debugDescription) was accepted")
        } catch let error as ConfigurationError {
            #expect(error.variable == "ADMIN_PASSWORD")
            #expect(!error.description.contains(password))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// The `field` of every entry of an error body's `details`.
    static func fields(of body: [String: Any]) -> [String] {
        (body["details"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}
