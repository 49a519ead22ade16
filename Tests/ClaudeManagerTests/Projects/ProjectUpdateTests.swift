import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Project updates")
struct ProjectUpdateTests {
    @Test func updateChangesSettingsAndSecretsAndValidates() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-git")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "updatable")
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Before", "gitRepository": repository, "start": false, "anthropicApiKey": "sk-1"]
            )
            let id = try #require(created.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "stopped")
            let updated = try await admin.send(
                .put,
                "/api/projects/\(id)",
                json: [
                    "name": "After", "resources": ["cpu": "500m", "memory": "1Gi"], "anthropicApiKey": "",
                    "sudoPassword": "pw",
                ]
            )
            #expect(updated.status == .ok)
            #expect(updated.json["name"] as? String == "After")
            #expect((updated.json["resources"] as? [String: Any])?["cpu"] as? String == "500m")
            #expect(updated.json["hasAnthropicApiKey"] as? Bool == false)
            #expect(updated.json["hasSudoPassword"] as? Bool == true)
            #expect(updated.json["shortName"] as? String == "updatable")

            let invalid = try await admin.send(
                .put,
                "/api/projects/\(id)",
                json: ["name": "", "resources": ["memory": "lots"]]
            )
            #expect(invalid.status == .unprocessableContent)
            #expect(Set(ProjectValidationTests.fields(invalid).keys) == ["name", "resources.memory"])
            let immutable = try await admin.send(.put, "/api/projects/\(id)", json: ["shortName": "renamed"])
            #expect(immutable.status == .badRequest)
            #expect(try await admin.send(.put, "/api/projects/nope", json: ["name": "x"]).status == .notFound)

            let sameName = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Other", "gitRepository": repository, "start": false]
            )
            #expect(sameName.status == .created)
            #expect(sameName.json["shortName"] as? String == "updatable-2")
            let taken = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Third", "gitRepository": repository, "shortName": "updatable"]
            )
            #expect(taken.status == .unprocessableContent)
            #expect(ProjectValidationTests.fields(taken)["shortName"] != nil)

            _ = try await admin.send(.delete, "/api/projects/\(id)")
            let whileDeleting = try await admin.send(.post, "/api/projects/\(id)/start")
            #expect([HTTPResponse.Status.conflict, .notFound].contains(whileDeleting.status))
        }
    }
}
