import Foundation
import Testing

@testable import ClaudeManager

/// Projects created from Jira tickets belong to the configured service user.
@Suite("Jira project owner")
struct JiraOwnerTests {
    @Test func projectsFromJiraAreOwnedByTheServiceUser() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-jira-owner")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "ticket")
        let configure: (inout AppConfiguration) -> Void = { $0.jira.serviceUser = "jira-bot@example.com" }
        try await TestApp.run(configure: configure) { client, components, _ in
            var draft = ProjectDraft(name: "PAY-17", gitRepository: repository)
            draft.startsRunning = false
            // Not there yet: refused, nothing created.
            await #expect(throws: ProjectError.self) { try await components.projects.createFromJira(draft) }
            let admin = try await client.login()
            _ = try await admin.makeUser(role: "member", email: "jira-bot@example.com")
            let project = try await components.projects.createFromJira(draft)
            #expect(project.owner?.email == "jira-bot@example.com")
        }
    }

    @Test func withoutAServiceUserNoProjectComesFromJira() async throws {
        try await TestApp.run { _, components, _ in
            let draft = ProjectDraft(name: "PAY-18", gitRepository: "https://github.com/acme/pay.git")
            await #expect(throws: ProjectError.self) { try await components.projects.createFromJira(draft) }
        }
    }
}
