import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Authentication")
struct AuthTests {
    @Test func loginReturnsTokenAndHttpOnlyCookie() async throws {
        try await TestApp.run { client, _, _ in
            let response = try await client.send(
                .post,
                "/api/auth/login",
                json: ["email": TestApp.adminEmail, "password": TestApp.adminPassword]
            )
            #expect(response.status == .ok)
            let body = response.json
            let token = try #require(body["token"] as? String)
            #expect(token.split(separator: ".").count == 3)
            #expect(body["expiresAt"] is String)
            #expect((body["user"] as? [String: Any])?["role"] as? String == "admin")
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("cm_session=\(token)"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))

            var headers = HTTPFields()
            headers[.cookie] = "cm_session=\(token)"
            let me = try await client.send(.get, "/api/auth/me", headers: headers)
            #expect(me.status == .ok)
            #expect(me.json["email"] as? String == TestApp.adminEmail)
            let bearer = try await client.authorized(token).send(.get, "/api/auth/me")
            #expect(bearer.status == .ok)
        }
    }

    @Test func wrongPasswordAndUnknownEmailAreRejectedAlike() async throws {
        try await TestApp.run { client, _, _ in
            let wrong = try await client.send(
                .post,
                "/api/auth/login",
                json: ["email": TestApp.adminEmail, "password": "nope-nope"]
            )
            let unknown = try await client.send(
                .post,
                "/api/auth/login",
                json: ["email": "x@example.com", "password": "nope-nope"]
            )
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.json["error"] as? String == unknown.json["error"] as? String)
            let malformed = try await client.send(.post, "/api/auth/login", raw: "{\"email\": ")
            #expect(malformed.status == .badRequest)
        }
    }

    @Test func loginIsRateLimitedPerAddress() async throws {
        let configure: (inout AppConfiguration) -> Void = { $0.auth.loginRateLimit = 3 }
        try await TestApp.run(configure: configure) { client, _, _ in
            for _ in 0..<3 {
                let response = try await client.send(
                    .post,
                    "/api/auth/login",
                    json: ["email": "a@example.com", "password": "wrong-pass"]
                )
                #expect(response.status == .unauthorized)
            }
            let limited = try await client.send(
                .post,
                "/api/auth/login",
                json: ["email": TestApp.adminEmail, "password": TestApp.adminPassword]
            )
            #expect(limited.status == .tooManyRequests)
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...60).contains(retryAfter))
            #expect((limited.json["error"] as? String)?.contains("too many") == true)
        }
    }

    @Test func apiTokensAuthenticateAndCanBeRevoked() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let created = try await admin.send(.post, "/api/tokens", json: ["name": "ci", "expiresInDays": 30])
            #expect(created.status == .created)
            let value = try #require(created.json["value"] as? String)
            let id = try #require(created.json["id"] as? String)
            #expect(value.hasPrefix("cm_"))
            #expect(created.json["expiresAt"] is String)
            let automation = client.authorized(value)
            #expect(try await automation.send(.get, "/api/projects").status == .ok)
            let listed = try await admin.send(.get, "/api/tokens")
            #expect(listed.jsonArray.count == 1)
            #expect(!listed.text.contains(value))
            #expect(try await admin.send(.delete, "/api/tokens/\(id)").status == .noContent)
            #expect(try await automation.send(.get, "/api/projects").status == .unauthorized)
            let invalid = try await admin.send(.post, "/api/tokens", json: ["name": ""])
            #expect(invalid.status == .unprocessableContent)
        }
    }

    @Test func adminsManageUsersAndTheLastAdminIsProtected() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let me = try await admin.send(.get, "/api/auth/me")
            let adminID = try #require(me.json["id"] as? String)
            let created = try await admin.send(
                .post,
                "/api/users",
                json: ["email": "dev@example.com", "password": "dev-password", "role": "member"]
            )
            #expect(created.status == .created)
            let userID = try #require(created.json["id"] as? String)
            #expect(created.text.contains("password") == false)
            let duplicate = try await admin.send(
                .post,
                "/api/users",
                json: ["email": "DEV@example.com", "password": "dev-password", "role": "member"]
            )
            #expect(duplicate.status == .conflict)
            let badRole = try await admin.send(
                .post,
                "/api/users",
                json: ["email": "x@example.com", "password": "dev-password", "role": "owner"]
            )
            #expect(badRole.status == .badRequest)
            let shortPassword = try await admin.send(
                .post,
                "/api/users",
                json: ["email": "y@example.com", "password": "short", "role": "viewer"]
            )
            #expect(shortPassword.status == .unprocessableContent)

            let member = try await client.login(email: "dev@example.com", password: "dev-password")
            #expect(try await member.send(.get, "/api/users").status == .forbidden)
            let disabled = try await admin.send(.patch, "/api/users/\(userID)", json: ["disabled": true])
            #expect(disabled.status == .ok)
            #expect(try await member.send(.get, "/api/projects").status == .unauthorized)
            let relogin = try await client.send(
                .post,
                "/api/auth/login",
                json: ["email": "dev@example.com", "password": "dev-password"]
            )
            #expect(relogin.status == .unauthorized)

            let demoteSelf = try await admin.send(.patch, "/api/users/\(adminID)", json: ["role": "viewer"])
            #expect(demoteSelf.status == .conflict)
            let deleteSelf = try await admin.send(.delete, "/api/users/\(adminID)")
            #expect(deleteSelf.status == .conflict)
            #expect(try await admin.send(.delete, "/api/users/\(userID)").status == .noContent)
            #expect(try await admin.send(.get, "/api/users/\(userID)").status == .notFound)

            let audit = try await admin.send(.get, "/api/audit?limit=100")
            let actions = (audit.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("user.create"))
            #expect(actions.contains("user.update"))
            #expect(actions.contains("user.delete"))
        }
    }

    @Test func everyUserChangesTheirOwnPassword() async throws {
        try await TestApp.run { client, _, _ in
            let viewer = try await client.login().makeUser(role: "viewer", email: "v@example.com")
            let wrong = try await viewer.send(
                .post,
                "/api/auth/password",
                json: ["currentPassword": "nope", "newPassword": "new-password-1"]
            )
            #expect(wrong.status == .unprocessableContent)
            let changed = try await viewer.send(
                .post,
                "/api/auth/password",
                json: ["currentPassword": "password-viewer", "newPassword": "new-password-1"]
            )
            #expect(changed.status == .noContent)
            _ = try await client.login(email: "v@example.com", password: "new-password-1")
        }
    }
}
