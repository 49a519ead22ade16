import TestSupport
import Testing

@Suite("GET /status and GET /messages", .timeLimit(.minutes(1)))
struct StatusAndMessagesTests {
    @Test("starts running, then turns stable after the quiet period")
    func startsRunningThenTurnsStable() async throws {
        // Held running (never-stable) until the checks of the fresh agent are done, whatever the machine's speed.
        var configuration = AgentSimulator.Configuration.testing
        configuration.faults.isNeverStable = true
        try await SimulatorHarness.run(configuration) { harness in
            let response = try await harness.get("/status")
            #expect(response.status == 200)
            #expect(response.contentType == "application/json")
            #expect(response.header("Link") == "</schemas/StatusResponseBody.json>; rel=\"describedBy\"")
            let json = try response.json()
            #expect(json["status"] as? String == "running")
            #expect(json["agent_type"] as? String == "claude")
            #expect(json["transport"] as? String == "pty")
            #expect(
                json["$schema"] as? String == "http://127.0.0.1:\(harness.port)/schemas/StatusResponseBody.json"
            )

            var events = try await harness.openEvents()
            let replayed = try await events.next("replayed status") { $0.isStatusChange }
            #expect(replayed.string("status") == "running")
            await harness.simulator.setNeverStable(false)
            try await events.waitForStatus("stable")
            #expect(try await harness.get("/status").json()["status"] as? String == "stable")
        }
    }

    @Test("message 0 is the Claude Code welcome screen")
    func messageZeroIsTheWelcomeScreen() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.workingDirectory = "/work/demo"
        try await SimulatorHarness.run(configuration) { harness in
            let response = try await harness.get("/messages")
            #expect(response.status == 200)
            let json = try response.json()
            #expect(
                json["$schema"] as? String == "http://127.0.0.1:\(harness.port)/schemas/MessagesResponseBody.json"
            )
            let messages = try #require(json["messages"] as? [[String: Any]])
            try #require(messages.count == 1)
            let welcome = messages[0]
            #expect(welcome["id"] as? Int == 0)
            #expect(welcome["role"] as? String == "agent")
            let content = try #require(welcome["content"] as? String)
            #expect(content.contains("Welcome to Claude Code!"))
            #expect(content.contains("cwd: /work/demo"))
            #expect(Set(welcome.keys) == ["id", "role", "content", "time"])
            let time = try #require(welcome["time"] as? String)
            #expect(time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})/) != nil)
        }
    }
}
