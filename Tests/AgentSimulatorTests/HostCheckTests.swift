import TestSupport
import Testing

@Suite("Host header check", .timeLimit(.minutes(1)))
struct HostCheckTests {
    @Test("an unlisted Host gets 400 text/plain naming the allowed hosts")
    func unlistedHostIsRejected() async throws {
        try await SimulatorHarness.run { harness in
            let response = try await harness.get("/status", headers: [("Host", "evil.example:3284")])
            #expect(response.status == 400)
            #expect(response.contentType == "text/plain; charset=utf-8")
            #expect(response.body == "Invalid host header. Allowed hosts: localhost, 127.0.0.1, ::1\n")
        }
    }

    @Test("port and case are ignored", arguments: ["LOCALHOST:9", "localhost", "127.0.0.1:1", "[::1]:3284"])
    func listedHostIsAccepted(_ host: String) async throws {
        try await SimulatorHarness.run { harness in
            let response = try await harness.get("/status", headers: [("Host", host)])
            #expect(response.status == 200)
        }
    }

    @Test("* allows every host, and the $schema link follows the Host")
    func wildcardAllowsAll() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.allowedHosts = ["*"]
        try await SimulatorHarness.run(configuration) { harness in
            let response = try await harness.get("/status", headers: [("Host", "agent.example:8080")])
            #expect(response.status == 200)
            #expect(
                try response.json()["$schema"] as? String
                    == "https://agent.example:8080/schemas/StatusResponseBody.json"
            )
        }
    }
}
