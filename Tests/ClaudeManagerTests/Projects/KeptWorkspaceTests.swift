import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A workspace kept from a deleted project is never picked up by a new project of the same name by accident.
@Suite("Kept workspaces")
struct KeptWorkspaceTests {
    @Test func aKeptWorkspaceIsAdoptedOnlyWhenAskedFor() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-kept")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "kept")
        try await TestApp.run { client, _, configuration in
            let admin = try await client.login()
            let first = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "First", "gitRepository": repository, "shortName": "kept", "start": false]
            )
            let firstID = try #require(first.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, firstID, "stopped")
            let workspace = (configuration.dataDirectory as NSString).appendingPathComponent("workspaces/kept")
            let marker = (workspace as NSString).appendingPathComponent("left-by-first.txt")
            try "private notes\n".write(toFile: marker, atomically: true, encoding: .utf8)
            #expect(try await admin.send(.delete, "/api/projects/\(firstID)?keepVolumes=true").status == .accepted)
            await eventually { (try? await admin.send(.get, "/api/projects/\(firstID)").status) == .notFound }
            #expect(FileManager.default.fileExists(atPath: marker))

            // The same name is refused, with the reason, unless the new project asks to adopt the workspace.
            let refused = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Second", "gitRepository": repository, "shortName": "kept", "start": false]
            )
            #expect(refused.status == .unprocessableContent)
            let detail = try #require((refused.json["details"] as? [[String: Any]])?.first)
            #expect(detail["field"] as? String == "shortName")
            #expect((detail["message"] as? String)?.contains("adoptWorkspace") == true)

            // A derived name skips it.
            let derived = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Derived", "gitRepository": repository, "start": false]
            )
            #expect(derived.status == .created)
            #expect(derived.json["shortName"] as? String == "kept-2")

            let adopted = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Second", "gitRepository": repository, "shortName": "kept", "start": false,
                    "adoptWorkspace": true,
                ]
            )
            #expect(adopted.status == .created)
            let adoptedID = try #require(adopted.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, adoptedID, "stopped")
            #expect(FileManager.default.fileExists(atPath: marker))
        }
    }

    @Test func onlyTheOwnerOfTheDeletedProjectOrAnAdminMayAdoptItsWorkspace() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-kept-owner")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "private")
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let alice = try await admin.makeUser(role: "member")
            let mallory = try await admin.makeUser(role: "member")
            let body: [String: Any] = [
                "name": "Private", "gitRepository": repository, "shortName": "private", "start": false,
            ]
            let created = try await alice.send(.post, "/api/projects", json: body)
            let id = try #require(created.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(alice, id, "stopped")
            #expect(try await alice.send(.delete, "/api/projects/\(id)?keepVolumes=true").status == .accepted)
            await eventually { (try? await alice.send(.get, "/api/projects/\(id)").status) == .notFound }

            var adopting = body
            adopting["adoptWorkspace"] = true
            let taken = try await mallory.send(.post, "/api/projects", json: adopting)
            #expect(taken.status == .unprocessableContent)
            #expect(CredentialBindingTests.fields(taken) == ["adoptWorkspace"])
            #expect(try await alice.send(.post, "/api/projects", json: adopting).status == .created)
        }
    }
}
