import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Project lifecycle on the local runtime")
struct ProjectLifecycleTests {
    /// Polls the project until its status is `status`; returns its JSON.
    static func waitForStatus(
        _ client: APIClient,
        _ id: String,
        _ status: String,
        timeout: Duration = .seconds(45)
    )
        async throws -> [String: Any]
    {
        var last: [String: Any] = [:]
        await eventually(timeout: timeout, "project never reached \(status); last seen \(last)") {
            last = (try? await client.send(.get, "/api/projects/\(id)").json) ?? [:]
            return last["status"] as? String == status
        }
        return last
    }

    @Test func createRunStopStartDelete() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-git")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch)
        try await TestApp.run { client, _, configuration in
            let admin = try await client.login()
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Demo", "gitRepository": repository, "anthropicApiKey": "sk-ant-LIFECYCLE-SECRET"]
            )
            #expect(created.status == .created)
            #expect(created.json["status"] as? String == "creating")
            #expect(created.json["shortName"] as? String == "sample")
            #expect(created.json["hasAnthropicApiKey"] as? Bool == true)
            let id = try #require(created.json["id"] as? String)

            let running = try await Self.waitForStatus(admin, id, "running")
            let agentURL = try #require(running["agentUrl"] as? String)
            #expect(agentURL.hasPrefix("http://127.0.0.1:"))
            let workspace = (configuration.dataDirectory as NSString).appendingPathComponent("workspaces/sample")
            #expect(FileManager.default.fileExists(atPath: workspace + "/README.md"))

            await eventually("logs stay empty") {
                let logs = try? await admin.send(.get, "/api/projects/\(id)/logs?lines=50")
                return ((logs?.json["lines"] as? [String]) ?? []).isEmpty == false
            }

            #expect(try await admin.send(.post, "/api/projects/\(id)/stop").status == .accepted)
            _ = try await Self.waitForStatus(admin, id, "stopped")
            #expect(try await admin.send(.post, "/api/projects/\(id)/start").status == .accepted)
            _ = try await Self.waitForStatus(admin, id, "running")

            let listed = try await admin.send(.get, "/api/projects?search=demo&status=running")
            #expect(listed.json["total"] as? Int == 1)

            let deleted = try await admin.send(.delete, "/api/projects/\(id)?keepVolumes=false")
            #expect(deleted.status == .accepted)
            #expect(deleted.json["status"] as? String == "deleting")
            await eventually("project was not deleted") {
                (try? await admin.send(.get, "/api/projects/\(id)").status) == .notFound
            }
            #expect(!FileManager.default.fileExists(atPath: workspace))

            let audit = try await admin.send(.get, "/api/audit?limit=100")
            let actions = (audit.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            for action in ["project.create", "project.stop", "project.start", "project.delete"] {
                #expect(actions.contains(action))
            }
        }
    }

    @Test func deleteKeepsTheWorkspaceByDefault() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-git")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "keeper")
        try await TestApp.run { client, _, configuration in
            let admin = try await client.login()
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Keep", "gitRepository": repository, "start": false]
            )
            let id = try #require(created.json["id"] as? String)
            _ = try await Self.waitForStatus(admin, id, "stopped")
            #expect(try await admin.send(.delete, "/api/projects/\(id)").status == .accepted)
            await eventually { (try? await admin.send(.get, "/api/projects/\(id)").status) == .notFound }
            let workspace = (configuration.dataDirectory as NSString).appendingPathComponent("workspaces/keeper")
            #expect(FileManager.default.fileExists(atPath: workspace + "/README.md"))
        }
    }

    @Test func cloneFailureIsAnErrorWithGitsMessage() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Broken", "shortName": "broken",
                    "gitRepository": "file://\(FileManager.default.temporaryDirectory.path)/nonexistent/repo.git",
                ]
            )
            let id = try #require(created.json["id"] as? String)
            let project = try await Self.waitForStatus(admin, id, "error")
            let reason = try #require(project["statusReason"] as? String)
            #expect(reason.hasPrefix("clone failed:"))
            #expect(reason.contains("nonexistent") || reason.contains("does not exist"))
        }
    }

    @Test func missingAgentBinaryIsAnError() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-git")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch)
        let configure: (inout AppConfiguration) -> Void = {
            $0.localRuntime.agentCommand = "agentapi-not-installed server --port {port} -- claude-missing"
        }
        try await TestApp.run(configure: configure) { client, _, _ in
            let admin = try await client.login()
            let system = try await admin.send(.get, "/api/system")
            #expect(system.json["agentAvailable"] as? Bool == false)
            #expect(system.json["simulatorAvailable"] as? Bool == true)
            #expect(system.json["missingBinaries"] as? [String] == ["agentapi-not-installed", "claude-missing"])
            let health = try await client.send(.get, "/api/monitoring/health")
            #expect(health.json["status"] as? String == "degraded")
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "No agent", "gitRepository": repository]
            )
            let id = try #require(created.json["id"] as? String)
            let project = try await Self.waitForStatus(admin, id, "error")
            #expect(project["statusReason"] as? String == "agent binary 'agentapi-not-installed' not found on PATH")
        }
    }

    @Test func agentThatExitsIsReported() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-git")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch)
        let configure: (inout AppConfiguration) -> Void = {
            $0.localRuntime.agentCommand = "/bin/sh -c 'echo starting; exit 3'"
        }
        try await TestApp.run(configure: configure) { client, _, _ in
            let admin = try await client.login()
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Crashy", "gitRepository": repository]
            )
            let id = try #require(created.json["id"] as? String)
            let project = try await Self.waitForStatus(admin, id, "error")
            #expect(project["statusReason"] as? String == "agent exited with code 3")
            let logs = try await admin.send(.get, "/api/projects/\(id)/logs")
            #expect((logs.json["lines"] as? [String] ?? []).contains("starting"))
        }
    }
}
