import TestSupport
import Testing

/// Records the order in which concurrent calls finished.
private actor FinishOrder {
    private(set) var names: [String] = []

    func record(_ name: String) {
        names.append(name)
    }
}

@Suite("POST /message holds AgentAPI's lock", .timeLimit(.minutes(1)))
struct LockTests {
    @Test("GET /status and GET /messages wait for a slow POST; /events does not")
    func getsStallDuringPost() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.replyDelay = .seconds(5)
        configuration.replyStepInterval = .seconds(30)
        try await SimulatorHarness.run(configuration) { harness in
            let order = FinishOrder()
            var events = try await harness.openEvents()
            try await events.waitForStatus("stable")

            async let post: TestResponse = {
                let response = try await harness.postMessage("slow prompt")
                await order.record("post")
                return response
            }()
            // The status turns running inside the POST, so from here on the lock is held until it answers.
            try await events.waitForStatus("running")

            var during = try await harness.openEvents()
            _ = try await during.next("replayed status") { $0.isStatusChange }
            await order.record("events")

            async let status: TestResponse = {
                let response = try await harness.get("/status")
                await order.record("status")
                return response
            }()
            async let messages: TestResponse = {
                let response = try await harness.get("/messages")
                await order.record("messages")
                return response
            }()
            // Both GETs queue behind the POST's lock (if the POST ended first, they never would: the test fails).
            try await pollUntil("both GETs waiting for the lock", timeout: .seconds(4), every: .milliseconds(10)) {
                await harness.simulator.lockWaiterCount == 2
            }
            #expect(await order.names == ["events"])

            // The user message is recorded at the very end of the POST, so seeing it proves the GET waited.
            let history = try await messages.json()["messages"] as? [[String: Any]]
            #expect(history?.count == 2)
            #expect(history?.last?["content"] as? String == "slow prompt")
            #expect(try await status.json()["status"] as? String == "running")
            #expect(try await post.status == 200)
            #expect(await order.names.first == "events")
            #expect(await harness.simulator.lockWaiterCount == 0)
        }
    }
}
