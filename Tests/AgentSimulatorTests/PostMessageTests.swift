import Foundation
import TestSupport
import Testing

@Suite("POST /message", .timeLimit(.minutes(1)))
struct PostMessageTests {
    @Test("a user message is recorded, answered, and the reply streams until stable")
    func userMessageRoundTrip() async throws {
        try await SimulatorHarness.run { harness in
            var events = try await harness.openEvents()
            try await events.waitForStatus("stable")

            let response = try await harness.postMessage("  Add a README \n")
            #expect(response.status == 200)
            #expect(try response.json()["ok"] as? Bool == true)

            let turn = try await events.take(6)
            #expect(
                turn.map(\.name) == [
                    "status_change", "message_update", "message_update", "message_update", "message_update",
                    "status_change",
                ]
            )
            #expect(turn[0].string("status") == "running")
            #expect(turn[1].int("id") == 1)
            #expect(turn[1].string("role") == "user")
            #expect(turn[1].string("message") == "Add a README")
            let replies = turn[2...4]
            #expect(replies.allSatisfy { $0.int("id") == 2 && $0.string("role") == "agent" })
            let texts = replies.compactMap { $0.string("message") }
            #expect(texts.first?.hasPrefix("● I received: Add a README.") == true)
            #expect(zip(texts, texts.dropFirst()).allSatisfy { $1.hasPrefix($0) && $1 != $0 })
            #expect(turn[5].string("status") == "stable")

            let history = try #require(try await harness.get("/messages").json()["messages"] as? [[String: Any]])
            #expect(history.compactMap { $0["id"] as? Int } == [0, 1, 2])
            #expect(history.compactMap { $0["role"] as? String } == ["agent", "user", "agent"])
            #expect(history.last?["content"] as? String == texts.last)
            #expect(try await harness.get("/status").json()["status"] as? String == "stable")
        }
    }

    @Test("a user message while running is refused as busy")
    func busyWhileRunning() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.stableAfter = .seconds(60)
        try await SimulatorHarness.run(configuration) { harness in
            let response = try await harness.postMessage("hello")
            #expect(response.status == 500)
            #expect(response.contentType == "application/problem+json")
            let json = try response.json()
            #expect(json["title"] as? String == "Internal Server Error")
            #expect(json["status"] as? Int == 500)
            #expect(json["detail"] as? String == "unexpected error occurred")
            let errors = try response.problemErrors()
            #expect(errors.count == 1)
            #expect(
                errors.first?["message"] as? String
                    == "failed to send message: message can only be sent when the agent is waiting for user input"
            )
            #expect(errors.first?["location"] == nil)
            let history = try await harness.get("/messages").json()["messages"] as? [[String: Any]]
            #expect(history?.count == 1)
        }
    }

    @Test("a second user message while the reply streams is busy")
    func busyWhileReplying() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.replyStepInterval = .seconds(30)
        try await SimulatorHarness.run(configuration) { harness in
            var events = try await harness.openEvents()
            try await events.waitForStatus("stable")
            #expect(try await harness.postMessage("first").status == 200)
            let second = try await harness.postMessage("second")
            #expect(second.status == 500)
            #expect(
                try second.problemErrors().first?["message"] as? String
                    == "failed to send message: message can only be sent when the agent is waiting for user input"
            )
        }
    }

    @Test("empty content is refused with AgentAPI's 500")
    func emptyContent() async throws {
        try await SimulatorHarness.run { harness in
            var events = try await harness.openEvents()
            try await events.waitForStatus("stable")
            let response = try await harness.postMessage(" \n ")
            #expect(response.status == 500)
            #expect(try response.json()["detail"] as? String == "unexpected error occurred")
            #expect(
                try response.problemErrors().first?["message"] as? String
                    == "failed to send message: message must not be empty"
            )
        }
    }

    @Test("Esc as a raw message ends a running turn")
    func escapeEndsTheTurn() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.replyStepInterval = .seconds(30)
        try await SimulatorHarness.run(configuration) { harness in
            var events = try await harness.openEvents()
            try await events.waitForStatus("stable")
            #expect(try await harness.postMessage("refactor everything").status == 200)
            _ = try await events.next("user message") { $0.isMessageUpdate && $0.int("id") == 1 }

            let escape = try await harness.postMessage("\u{1b}", type: "raw")
            #expect(escape.status == 200)
            let interrupted = try await events.next("interruption") { $0.isMessageUpdate && $0.int("id") == 2 }
            #expect(interrupted.string("role") == "agent")
            #expect(interrupted.string("message")?.contains("Interrupted by user") == true)
            try await events.waitForStatus("stable")

            let history = try #require(try await harness.get("/messages").json()["messages"] as? [[String: Any]])
            #expect(history.count == 3)
            #expect((history.last?["content"] as? String)?.contains("Interrupted by user") == true)
        }
    }

    @Test("raw keystrokes are not recorded and need no stable status")
    func rawIsNotRecorded() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.stableAfter = .seconds(60)
        try await SimulatorHarness.run(configuration) { harness in
            let response = try await harness.postMessage("2", type: "raw")
            #expect(response.status == 200)
            #expect(try response.json()["ok"] as? Bool == true)
            let history = try await harness.get("/messages").json()["messages"] as? [[String: Any]]
            #expect(history?.count == 1)
        }
    }
}
