import TestSupport
import Testing

@Suite("GET /events", .timeLimit(.minutes(1)))
struct EventsTests {
    @Test("a new subscriber gets messages, then one status, then agent errors, then live updates")
    func replayThenLive() async throws {
        try await SimulatorHarness.run { harness in
            var first = try await harness.openEvents()
            try await first.waitForStatus("stable")
            #expect(try await harness.postMessage("Write tests").status == 200)
            try await first.waitForStatus("running")
            try await first.waitForStatus("stable")
            await harness.simulator.reportAgentError("rate limited", level: .warning)

            var second = try await harness.openEvents()
            #expect(second.status == 200)
            #expect(second.contentType == "text/event-stream")
            let replay = try await second.take(5)
            #expect(
                replay.map(\.name) == [
                    "message_update", "message_update", "message_update", "status_change", "agent_error",
                ]
            )
            #expect(replay.prefix(3).compactMap { $0.int("id") } == [0, 1, 2])
            for update in replay.prefix(3) {
                #expect(Set(update.payload.keys) == ["id", "role", "message", "time"])
            }
            #expect(replay[3].string("status") == "stable")
            #expect(replay[3].string("agent_type") == "claude")
            #expect(replay[4].string("message") == "rate limited")
            #expect(replay[4].string("level") == "warning")
            #expect(
                replay.allSatisfy {
                    $0.lines.count == 2 && $0.lines[0].hasPrefix("event: ") && $0.lines[1].hasPrefix("data: ")
                }
            )

            await harness.simulator.reportAgentError("tool failed")
            let live = try #require(try await second.next())
            #expect(live.name == "agent_error")
            #expect(live.string("level") == "error")
        }
    }

    @Test("shutting down closes open streams cleanly")
    func shutdownClosesStreams() async throws {
        try await SimulatorHarness.run { harness in
            var events = try await harness.openEvents()
            try await events.waitForStatus("stable")
            await harness.simulator.shutdown()
            // The stream ends (nil, not a reset connection) with nothing more: the agent was idle.
            var afterShutdown: [ServerSentEvent] = []
            while let event = try await events.next() { afterShutdown.append(event) }
            #expect(afterShutdown.isEmpty, "\(afterShutdown)")
        }
    }
}
