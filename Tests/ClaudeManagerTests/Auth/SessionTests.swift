import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import Testing

@testable import ClaudeManager

@Suite("Sessions")
struct SessionTests {
    @Test func logoutEndsTheSessionOnTheServer() async throws {
        try await TestApp.run { client, _, _ in
            let first = try await client.login()
            let second = try await client.login()
            let token = try #require(first.token)
            #expect(try await first.send(.get, "/api/auth/me").status == .ok)
            let logout = try await first.send(.post, "/api/auth/logout")
            #expect(logout.status == .noContent)
            #expect(logout.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await first.send(.get, "/api/auth/me").status == .unauthorized)
            var cookie = HTTPFields()
            cookie[.cookie] = "cm_session=\(token)"
            #expect(try await client.send(.get, "/api/auth/me", headers: cookie).status == .unauthorized)
            #expect(try await second.send(.get, "/api/auth/me").status == .ok)

            let third = try await client.login()
            let cookieToken = try #require(third.token)
            cookie[.cookie] = "cm_session=\(cookieToken)"
            #expect(try await client.send(.post, "/api/auth/logout", headers: cookie).status == .noContent)
            #expect(try await third.send(.get, "/api/auth/me").status == .unauthorized)
        }
    }

    @Test func changingTheOwnPasswordEndsEveryOtherSession() async throws {
        try await TestApp.run { client, _, _ in
            let member = try await client.login().makeUser(role: "member", email: "m@example.com")
            let elsewhere = try await client.login(email: "m@example.com", password: "password-member")
            let changed = try await member.send(
                .post,
                "/api/auth/password",
                json: ["currentPassword": "password-member", "newPassword": "new-password-1"]
            )
            #expect(changed.status == .noContent)
            #expect(try await member.send(.get, "/api/auth/me").status == .ok)
            #expect(try await elsewhere.send(.get, "/api/auth/me").status == .unauthorized)
        }
    }

    @Test func anAdminPasswordResetEndsTheUsersSessions() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let member = try await admin.makeUser(role: "member", email: "m@example.com")
            let id = try #require(try await member.send(.get, "/api/auth/me").json["id"] as? String)
            let reset = try await admin.send(.patch, "/api/users/\(id)", json: ["password": "reset-password-1"])
            #expect(reset.status == .ok)
            #expect(try await member.send(.get, "/api/auth/me").status == .unauthorized)
            _ = try await client.login(email: "m@example.com", password: "reset-password-1")

            let adminID = try #require(try await admin.send(.get, "/api/auth/me").json["id"] as? String)
            let otherAdminSession = try await client.login()
            let own = try await admin.send(.patch, "/api/users/\(adminID)", json: ["password": "admin-password-2"])
            #expect(own.status == .ok)
            #expect(try await admin.send(.get, "/api/auth/me").status == .ok)
            #expect(try await otherAdminSession.send(.get, "/api/auth/me").status == .unauthorized)
        }
    }

    @Test func disablingEndsSessionsForGoodAndDeletingEndsThem() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let member = try await admin.makeUser(role: "member", email: "m@example.com")
            let id = try #require(try await member.send(.get, "/api/auth/me").json["id"] as? String)
            #expect(try await admin.send(.patch, "/api/users/\(id)", json: ["disabled": true]).status == .ok)
            #expect(try await member.send(.get, "/api/auth/me").status == .unauthorized)
            #expect(try await admin.send(.patch, "/api/users/\(id)", json: ["disabled": false]).status == .ok)
            #expect(try await member.send(.get, "/api/auth/me").status == .unauthorized)

            let again = try await client.login(email: "m@example.com", password: "password-member")
            #expect(try await admin.send(.delete, "/api/users/\(id)").status == .noContent)
            #expect(try await again.send(.get, "/api/auth/me").status == .unauthorized)
        }
    }

    @Test func adminsEndEverySessionOfAUser() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let member = try await admin.makeUser(role: "member", email: "m@example.com")
            let elsewhere = try await client.login(email: "m@example.com", password: "password-member")
            let id = try #require(try await member.send(.get, "/api/auth/me").json["id"] as? String)
            let created = try await member.send(.post, "/api/tokens", json: ["name": "ci"])
            let tokenValue = try #require(created.json["value"] as? String)

            #expect(try await member.send(.post, "/api/users/\(id)/sessions/revoke").status == .forbidden)
            let missing = try await admin.send(.post, "/api/users/no-such-user/sessions/revoke")
            #expect(missing.status == .notFound)
            #expect(missing.json["error"] is String)

            let revoked = try await admin.send(.post, "/api/users/\(id)/sessions/revoke")
            #expect(revoked.status == .noContent)
            #expect(try await member.send(.get, "/api/auth/me").status == .unauthorized)
            #expect(try await elsewhere.send(.get, "/api/auth/me").status == .unauthorized)
            #expect(try await client.authorized(tokenValue).send(.get, "/api/auth/me").status == .ok)
            #expect(try await admin.send(.get, "/api/auth/me").status == .ok)
            _ = try await client.login(email: "m@example.com", password: "password-member")

            let audit = try await admin.send(.get, "/api/audit?limit=100")
            let actions = (audit.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("user.sessions.revoke"))
        }
    }

    @Test func aSignedTokenWithoutAStoredSessionIsRefused() async throws {
        try await TestApp.run { client, components, _ in
            let admin = try await client.login()
            let id = try #require(try await admin.send(.get, "/api/auth/me").json["id"] as? String)
            let forged = try await components.auth.keys.sign(
                SessionClaims(
                    sub: SubjectClaim(value: id),
                    exp: ExpirationClaim(value: Date().addingTimeInterval(3600)),
                    iat: IssuedAtClaim(value: Date()),
                    jti: IDClaim(value: "never-issued")
                )
            )
            #expect(try await client.authorized(forged).send(.get, "/api/auth/me").status == .unauthorized)
        }
    }

    /// Two managers on one database: a session ended on one is refused by the other.
    @Test func revocationHoldsOnEveryReplica() async throws {
        try await TestApp.runReplicas { first, second in
            let session = try await first.login()
            let token = try #require(session.token)
            let onSecond = second.authorized(token)
            #expect(try await onSecond.send(.get, "/api/auth/me").status == .ok)
            #expect(try await session.send(.post, "/api/auth/logout").status == .noContent)
            try await eventually(timeout: .seconds(10), "the other replica still accepts the ended session") {
                try await onSecond.send(.get, "/api/auth/me").status == .unauthorized
            }

            let fresh = try await first.login()
            let member = try await fresh.makeUser(role: "member", email: "m@example.com")
            let id = try #require(try await member.send(.get, "/api/auth/me").json["id"] as? String)
            let memberOnSecond = second.authorized(member.token)
            #expect(try await fresh.send(.post, "/api/users/\(id)/sessions/revoke").status == .noContent)
            #expect(try await memberOnSecond.send(.get, "/api/auth/me").status == .unauthorized)
        }
    }
}

extension TestApp {
    /// Runs two managers, each with its own data folder, on one SQLite database, as replicas share PostgreSQL.
    static func runReplicas(_ body: @escaping @Sendable (APIClient, APIClient) async throws -> Void) async throws {
        let directory = try TestEnvironment.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func configuration(_ name: String) -> AppConfiguration {
            var configuration = AppConfiguration.testing(
                dataDirectory: (directory as NSString).appendingPathComponent(name),
                simulatorPath: TestEnvironment.simulatorPath
            )
            configuration.store.databaseURL = (directory as NSString).appendingPathComponent("shared.sqlite")
            configuration.server.publicDirectory = TestEnvironment.publicDirectory
            return configuration
        }
        let logger = Logger(label: "claude-manager") { _ in SwiftLogNoOpLogHandler() }
        let (first, _) = try await buildApplication(configuration: configuration("first"), logger: logger)
        let (second, _) = try await buildApplication(configuration: configuration("second"), logger: logger)
        try await first.test(.live) { firstClient in
            try await second.test(.live) { secondClient in
                try await body(APIClient(client: firstClient), APIClient(client: secondClient))
            }
        }
    }
}
