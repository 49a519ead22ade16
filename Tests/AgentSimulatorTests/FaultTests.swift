import AsyncHTTPClient
import NIOCore
import TestSupport
import Testing

@Suite("Injected faults", .timeLimit(.minutes(1)))
struct FaultTests {
    @Test("every Nth request gets the configured 5xx")
    func everyNthRequestFails() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.faults.serverErrorEvery = 2
        try await SimulatorHarness.run(configuration) { harness in
            var codes: [Int] = []
            for _ in 0..<4 {
                codes.append(try await harness.get("/status").status)
            }
            #expect(codes == [200, 503, 200, 503])
        }
    }

    @Test("a fault rate of 1 fails every request, with a problem body")
    func rateOneFailsAll() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.faults.serverErrorRate = 1
        configuration.faults.serverErrorStatus = 502
        try await SimulatorHarness.run(configuration) { harness in
            let response = try await harness.get("/messages")
            #expect(response.status == 502)
            #expect(response.contentType == "application/problem+json")
            #expect(try response.json()["detail"] as? String == "simulated fault")
        }
    }

    @Test("reject-host answers every request with the Host 400")
    func rejectsEveryHost() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.faults.rejectsEveryHost = true
        try await SimulatorHarness.run(configuration) { harness in
            let response = try await harness.get("/status", headers: [("Host", "localhost")])
            #expect(response.status == 400)
            #expect(response.body.hasPrefix("Invalid host header. Allowed hosts: "))
        }
    }

    @Test("never-stable keeps every user message busy")
    func neverStable() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.stableAfter = .zero
        configuration.faults.isNeverStable = true
        try await SimulatorHarness.run(configuration) { harness in
            let response = try await harness.postMessage("hello")
            #expect(response.status == 500)
            #expect(try await harness.get("/status").json()["status"] as? String == "running")
        }
    }

    @Test("SSE streams are dropped after N events")
    func dropsStreams() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.faults.dropEventsAfter = 1
        try await SimulatorHarness.run(configuration) { harness in
            var events = try await harness.openEvents()
            let first = try #require(try await events.next())
            #expect(first.int("id") == 0)
            #expect(try await events.next() == nil)
        }
    }

    @Test("a hanging POST outlasts the client timeout, and the message is recorded later")
    func hangingPost() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.faults.postHang = .seconds(2)
        try await SimulatorHarness.run(configuration) { harness in
            var events = try await harness.openEvents()
            try await events.waitForStatus("stable")
            await #expect(throws: HTTPClientError.self) {
                _ = try await harness.postMessage("slow", timeout: .milliseconds(300))
            }
            let recorded = try await events.next("user message") { $0.isMessageUpdate && $0.int("id") == 1 }
            #expect(recorded.string("message") == "slow")
        }
    }

    @Test("fault specifications parse")
    func parsesSpecifications() throws {
        let faults = try AgentSimulator.Faults(parsing: [
            "latency=250ms", "error-rate=0.5", "error-every=3", "error-status=502", "never-stable",
            "post-hang=2s", "drop-events-after=5", "reject-host",
        ])
        #expect(
            faults
                == AgentSimulator.Faults(
                    latency: .milliseconds(250),
                    serverErrorRate: 0.5,
                    serverErrorEvery: 3,
                    serverErrorStatus: 502,
                    isNeverStable: true,
                    postHang: .seconds(2),
                    dropEventsAfter: 5,
                    rejectsEveryHost: true
                )
        )
    }

    @Test(
        "bad fault specifications are refused",
        arguments: ["latency", "error-every=0", "error-rate=2", "never-stable=1", "teleport"]
    )
    func refusesBadSpecifications(_ specification: String) {
        #expect(throws: AgentSimulator.FaultSpecificationError.self) {
            try AgentSimulator.Faults(parsing: [specification])
        }
    }
}
