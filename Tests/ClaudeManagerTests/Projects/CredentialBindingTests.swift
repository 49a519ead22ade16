import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ClaudeManager

/// Git credentials have owners and hosts: nobody can make the manager send someone else's secret, or send any secret
/// to a host it is not bound to.
@Suite("Credential owners and hosts")
struct CredentialBindingTests {
    /// Where a real git server holds the repository and checks the secret, and where a second one "an attacker
    /// controls" records every Authorization header it receives.
    struct Hosts: Sendable {
        let realPort: Int
        let attackerPort: Int
        let record: String
        let token = "ghp-BOUND-TOKEN-51c2"

        var realURL: String { "http://127.0.0.1:\(realPort)/private.git" }
        var attackerURL: String { "http://127.0.0.1:\(attackerPort)/private.git" }
        /// The admin's shared credential for the real server, named `team`.
        func storeSharedCredential(as admin: APIClient) async throws -> TestResponse {
            try await admin.send(
                .post,
                "/api/git-credentials",
                json: [
                    "name": "team", "type": "token", "provider": "other", "username": "alice", "token": token,
                    "scope": "shared", "hosts": ["127.0.0.1:\(realPort)"],
                ]
            )
        }

        /// What the attacker's server received.
        var received: String { (try? String(contentsOfFile: record, encoding: .utf8)) ?? "" }

        /// Runs both servers for `body`.
        static func run(_ body: (Hosts) async throws -> Void) async throws {
            let root = try TestEnvironment.makeTemporaryDirectory("cm-bind")
            defer { try? FileManager.default.removeItem(atPath: root) }
            _ = try GitFixtures.makeBareRepository(in: root, name: "private")
            let record = (root as NSString).appendingPathComponent("attacker.log")
            let token = Hosts(realPort: 0, attackerPort: 0, record: "").token
            let real = try GitHTTPServer(root: root, user: "alice", token: token)
            defer { real.stop() }
            let attacker = try GitHTTPServer(root: root, user: "alice", token: "other", record: record)
            defer { attacker.stop() }
            try await body(Hosts(realPort: real.port, attackerPort: attacker.port, record: record))
        }
    }

    @Test func aMemberCannotSendAnotherUsersOrABoundCredentialToTheirOwnHost() async throws {
        try await Hosts.run { hosts in try await Self.memberAttempts(hosts) }
    }

    private static func memberAttempts(_ hosts: Hosts) async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let member = try await admin.makeUser(role: "member")
            let personal = try await admin.send(
                .post,
                "/api/git-credentials",
                json: [
                    "name": "admin-own", "type": "token", "provider": "other", "username": "alice",
                    "token": hosts.token, "hosts": ["127.0.0.1:\(hosts.realPort)"],
                ]
            )
            #expect(personal.status == .created)
            #expect(personal.json["scope"] as? String == "personal")
            let shared = try await hosts.storeSharedCredential(as: admin)
            #expect(shared.status == .created)
            #expect(shared.json["hosts"] as? [String] == ["127.0.0.1:\(hosts.realPort)"])
            let personalID = try #require(personal.json["id"] as? String)
            let sharedID = try #require(shared.json["id"] as? String)

            // The admin's personal credential is invisible and unusable to the member.
            let visible = try await member.send(.get, "/api/git-credentials").jsonArray.compactMap {
                $0["id"] as? String
            }
            #expect(visible == [sharedID])
            #expect(try await member.send(.get, "/api/git-credentials/\(personalID)").status == .notFound)
            #expect(try await member.send(.delete, "/api/git-credentials/\(personalID)").status == .notFound)
            #expect(try await member.send(.delete, "/api/git-credentials/\(sharedID)").status == .forbidden)
            let stolen = try await member.send(
                .post,
                "/api/projects",
                json: ["name": "Steal", "gitRepository": hosts.realURL, "gitCredentialId": personalID, "start": false]
            )
            #expect(stolen.status == .unprocessableContent)
            #expect(fields(stolen) == ["gitCredentialId"])

            // The shared one only goes to the host it is bound to: not to another port on the same address.
            let redirected = try await member.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Exfil", "gitRepository": hosts.attackerURL, "gitCredentialId": sharedID, "start": false,
                ]
            )
            #expect(redirected.status == .unprocessableContent)
            #expect(fields(redirected) == ["gitCredentialId"])

            // Moving a project that uses it to another host is refused as well.
            let honest = try await member.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Honest", "shortName": "honest", "gitRepository": hosts.realURL,
                    "gitCredentialId": sharedID, "start": false,
                ]
            )
            #expect(honest.status == .created)
            let honestID = try #require(honest.json["id"] as? String)
            let moved = try await member.send(
                .put,
                "/api/projects/\(honestID)",
                json: ["gitRepository": hosts.attackerURL]
            )
            #expect(moved.status == .unprocessableContent)
            #expect(fields(moved) == ["gitRepository"])
            _ = try await ProjectLifecycleTests.waitForStatus(member, honestID, "stopped")

            // Only admins share credentials.
            let sharing = try await member.send(
                .post,
                "/api/git-credentials",
                json: ["name": "mine", "type": "token", "provider": "github", "token": "t", "scope": "shared"]
            )
            #expect(sharing.status == .forbidden)
            // An "other" host must be named.
            let unbound = try await member.send(
                .post,
                "/api/git-credentials",
                json: ["name": "mine", "type": "token", "provider": "other", "token": "t"]
            )
            #expect(unbound.status == .unprocessableContent)
            #expect(fields(unbound) == ["hosts"])
            #expect(!hosts.received.contains("Basic"))
        }
    }

    /// The reconciler checks again right before the secret leaves the store, so a project that got past the API
    /// (older data, another writer) still cannot send it elsewhere.
    @Test func theCloneRefusesACredentialNotBoundToTheRepositoryHost() async throws {
        try await Hosts.run { hosts in try await Self.reconcilerRecheck(hosts) }
    }

    private static func reconcilerRecheck(_ hosts: Hosts) async throws {
        try await TestApp.run { client, components, _ in
            let admin = try await client.login()
            let shared = try await hosts.storeSharedCredential(as: admin)
            let sharedID = try #require(shared.json["id"] as? String)
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Sneaky", "shortName": "sneaky",
                    "gitRepository": "file://\(FileManager.default.temporaryDirectory.path)/cm-missing/never.git",
                    "start": false,
                ]
            )
            let id = try #require(created.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "error")
            // Written behind the API's back: the attacker's address with the bound credential.
            var project = try #require(try await components.store.project(id: id))
            project.gitRepository = hosts.attackerURL
            project.gitCredentialID = sharedID
            try await components.store.updateProject(project)
            let admins = try await components.store.listUsers()
            _ = try await components.projects.refresh(id: id, by: Actor(try #require(admins.first)))
            var reason = ""
            await eventually("the project never reported the refused credential; last reason \(reason)") {
                reason = (try? await admin.send(.get, "/api/projects/\(id)").json["statusReason"] as? String) ?? ""
                return reason.contains("credential refused")
            }
            #expect(reason.contains("not bound to"))
            #expect(!hosts.received.contains("Basic"))
        }
    }

    static func fields(_ response: TestResponse) -> [String] {
        (response.json["details"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}
