import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import SQLKit
import Testing

@Suite("Health, probes and logs")
struct ObservabilityTests {
    @Test func healthAndProbesNeedNoCredentials() async throws {
        try await TestApp.run { client, _, _ in
            let health = try await client.send(.get, "/api/monitoring/health")
            #expect(health.status == .ok)
            #expect(health.json["status"] as? String == "ok")
            let components = try #require(health.json["components"] as? [String: [String: Any]])
            #expect(components["store"]?["status"] as? String == "ok")
            #expect(components["runtime"]?["status"] as? String == "ok")
            let live = try await client.send(.get, "/livez")
            #expect(live.status == .ok)
            #expect(live.text == "ok")
            let ready = try await client.send(.get, "/readyz")
            #expect(ready.status == .ok)
        }
    }

    @Test func systemInfoDescribesTheSimulator() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let system = try await admin.send(.get, "/api/system")
            #expect(system.status == .ok)
            #expect(system.json["runtime"] as? String == "local")
            #expect(system.json["agentAvailable"] as? Bool == true)
            #expect(system.json["simulatorAvailable"] as? Bool == true)
            #expect((system.json["agentCommand"] as? String)?.contains("agent-simulator --port {port}") == true)
            let spec = try await admin.send(.get, "/api/openapi.yaml")
            #expect(spec.status == .ok)
            #expect(spec.text.hasPrefix("openapi: 3.1.0"))
        }
    }

    @Test func requestsAreLoggedAsJSONLinesWithoutSecrets() async throws {
        try await TestApp.run { client, _, configuration in
            _ = try await client.send(
                .post,
                "/api/auth/login",
                json: ["email": TestApp.adminEmail, "password": "wrong-LOGGED-password"]
            )
            let admin = try await client.login()
            _ = try await admin.send(.get, "/api/projects?limit=5")
            _ = try await admin.send(.post, "/api/projects", raw: "{")
            let combined = (configuration.server.logDirectory as NSString).appendingPathComponent("combined.log")
            var lines: [[String: Any]] = []
            await eventually("no request line for GET /api/projects in combined.log") {
                let text = (try? String(contentsOfFile: combined, encoding: .utf8)) ?? ""
                lines = text.split(separator: "\n").compactMap {
                    (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
                }
                return lines.contains {
                    $0["message"] as? String == "request" && $0["http.path"] as? String == "/api/projects"
                }
            }
            let request = try #require(
                lines.first { $0["http.path"] as? String == "/api/projects" && $0["http.method"] as? String == "GET" }
            )
            #expect(request["http.status"] as? String == "200")
            #expect(request["level"] as? String == "info")
            #expect(request["time"] is String)
            let raw = try String(contentsOfFile: combined, encoding: .utf8)
            #expect(!raw.contains("wrong-LOGGED-password"))
            #expect(!raw.contains(admin.token ?? "no-token"))
            #expect(!raw.contains(TestApp.adminPassword))
            #expect(
                FileManager.default.fileExists(
                    atPath: (configuration.server.logDirectory as NSString).appendingPathComponent("error.log")
                )
            )
        }
    }

    @Test func sqliteRunsInWALMode() async throws {
        try await TestApp.run { _, components, configuration in
            let connection = try await DatabaseConnection.open(
                url: configuration.store.databaseURL,
                logger: .init(label: "wal")
            )
            let row = try await connection.sql.raw("PRAGMA journal_mode").first()
            let mode = try row?.decode(column: "journal_mode", as: String.self)
            try await connection.close()
            #expect(mode == "wal")
            try await components.store.ping()
        }
    }
}
