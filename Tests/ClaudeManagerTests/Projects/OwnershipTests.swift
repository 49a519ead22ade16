import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Projects have owners and collaborators: members change only what they own or collaborate on.
@Suite("Project ownership")
struct OwnershipTests {
    @Test func membersChangeOnlyProjectsTheyOwnOrCollaborateOn() async throws {
        let root = try TestEnvironment.makeTemporaryDirectory("cm-owner")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repository = try GitFixtures.makeBareRepository(in: root)
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let alice = try await admin.makeUser(role: "member", email: "alice@example.com")
            let bob = try await admin.makeUser(role: "member", email: "bob@example.com")
            let viewer = try await admin.makeUser(role: "viewer")

            let created = try await alice.send(
                .post,
                "/api/projects",
                json: ["name": "Alice's", "gitRepository": repository, "shortName": "alices", "start": false]
            )
            #expect(created.status == .created)
            #expect((created.json["owner"] as? [String: Any])?["email"] as? String == "alice@example.com")
            let id = try #require(created.json["id"] as? String)
            let path = "/api/projects/\(id)"

            // Everyone signed in sees it, on the fast read path and through the generated handler alike.
            for reader in [bob, viewer] {
                #expect(try await reader.send(.get, path).status == .ok)
                #expect(try await reader.send(.get, "/api/projects").json["total"] as? Int == 1)
                #expect(try await reader.send(.get, "/api/projects?search=alice").json["total"] as? Int == 1)
            }

            // Bob may not change, start, stop, refresh or delete it; neither may the viewer.
            for outsider in [bob, viewer] {
                #expect(try await outsider.send(.put, path, json: ["name": "Mine now"]).status == .forbidden)
                for action in ["start", "stop", "refresh"] {
                    #expect(try await outsider.send(.post, "\(path)/\(action)").status == .forbidden)
                }
                #expect(try await outsider.send(.delete, path).status == .forbidden)
                let adding = try await outsider.send(
                    .post,
                    "\(path)/collaborators",
                    json: ["email": "bob@example.com"]
                )
                #expect(adding.status == .forbidden)
            }
            let refused = try await bob.send(.put, path, json: ["name": "Mine now"])
            #expect((refused.json["error"] as? String)?.contains("owner") == true)

            // The owner lets Bob in: he may change it, but not decide who else may.
            let added = try await alice.send(.post, "\(path)/collaborators", json: ["email": "bob@example.com"])
            #expect(added.status == .ok)
            let collaborators = try #require(added.json["collaborators"] as? [[String: Any]])
            #expect(collaborators.compactMap { $0["email"] as? String } == ["bob@example.com"])
            let bobID = try #require(collaborators.first?["userId"] as? String)
            #expect(try await bob.send(.put, path, json: ["name": "Shared"]).status == .ok)
            #expect(
                try await bob.send(.post, "\(path)/collaborators", json: ["email": "admin@example.com"]).status
                    == .forbidden
            )
            let listed = try await viewer.send(.get, path)
            #expect((listed.json["collaborators"] as? [[String: Any]])?.count == 1)

            // Adding twice conflicts; unknown people and viewers are refused by field.
            #expect(
                try await alice.send(.post, "\(path)/collaborators", json: ["email": "bob@example.com"]).status
                    == .conflict
            )
            let unknown = try await alice.send(.post, "\(path)/collaborators", json: ["email": "nobody@example.com"])
            #expect(unknown.status == .unprocessableContent)
            #expect((unknown.json["details"] as? [[String: Any]])?.first?["field"] as? String == "email")

            // Removed again, Bob is an outsider once more.
            #expect(try await alice.send(.delete, "\(path)/collaborators/\(bobID)").status == .ok)
            #expect(try await bob.send(.put, path, json: ["name": "Again"]).status == .forbidden)
            #expect(try await alice.send(.delete, "\(path)/collaborators/\(bobID)").status == .notFound)

            // Admins may do anything.
            #expect(try await admin.send(.put, path, json: ["name": "Admin's edit"]).status == .ok)
            #expect(try await admin.send(.delete, path).status == .accepted)
        }
    }

    @Test func deletingAUserHandsTheirProjectsToTheAdminAndEndsTheirCollaborations() async throws {
        let root = try TestEnvironment.makeTemporaryDirectory("cm-owner-gone")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repository = try GitFixtures.makeBareRepository(in: root)
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let carol = try await admin.makeUser(role: "member", email: "carol@example.com")
            _ = try await admin.makeUser(role: "member", email: "dave@example.com")
            let created = try await carol.send(
                .post,
                "/api/projects",
                json: ["name": "Carol's", "gitRepository": repository, "start": false]
            )
            let id = try #require(created.json["id"] as? String)
            let added = try await carol.send(
                .post,
                "/api/projects/\(id)/collaborators",
                json: ["email": "dave@example.com"]
            )
            #expect(added.status == .ok)
            let unused = try await carol.send(
                .post,
                "/api/git-credentials",
                json: ["name": "carol-own", "type": "token", "provider": "github", "token": "ghp-carol"]
            )
            #expect(unused.status == .created)
            let users = try await admin.send(.get, "/api/users").jsonArray
            func userID(_ email: String) throws -> String {
                try #require(users.first { $0["email"] as? String == email }?["id"] as? String)
            }
            #expect(try await admin.send(.delete, "/api/users/\(try userID("carol@example.com"))").status == .noContent)
            #expect(try await admin.send(.delete, "/api/users/\(try userID("dave@example.com"))").status == .noContent)
            let project = try await admin.send(.get, "/api/projects/\(id)").json
            #expect((project["owner"] as? [String: Any])?["email"] as? String == TestApp.adminEmail)
            #expect((project["collaborators"] as? [[String: Any]])?.isEmpty == true)
            // Carol's unused personal credential went with her.
            let remaining = try await admin.send(.get, "/api/git-credentials").jsonArray
            #expect(!remaining.contains { $0["name"] as? String == "carol-own" })
        }
    }

    @Test func aProjectThatDoesNotExistIsNotFoundForEveryone() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let member = try await admin.makeUser(role: "member")
            #expect(try await member.send(.put, "/api/projects/missing", json: ["name": "x"]).status == .notFound)
            #expect(try await member.send(.post, "/api/projects/missing/start").status == .notFound)
        }
    }
}
