import AsyncHTTPClient
import Foundation
import Testing

/// The binary serves its web UI and its API document from the resources bundled with it, wherever it is started.
@Suite("Bundled resources")
struct BundledResourcesTests {
    @Test func aManagerStartedFromAnotherFolderServesItsUIAndSpec() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-elsewhere")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let environment = [
            "DATA_DIR": (scratch as NSString).appendingPathComponent("data"),
            "LOG_DIR": (scratch as NSString).appendingPathComponent("logs"),
            "ADMIN_EMAIL": "admin@example.com",
            "ADMIN_PASSWORD": "bundled-password",
            "BCRYPT_COST": "4",
            "AGENT_COMMAND": "simulator",
        ]
        let manager = try ManagerProcess(
            environment: environment,
            port: try ManagerProcess.freePort(),
            output: (scratch as NSString).appendingPathComponent("manager.out"),
            workingDirectory: scratch
        )
        defer { manager.terminate() }
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let client = try await ProcessClient(http: http, baseURL: manager.baseURL)
                .ready(email: "admin@example.com", password: "bundled-password")
            let index = try await client.text("/")
            #expect(index.status == 200)
            #expect(index.body.contains("<html"))
            let script = try await client.text("/js/api.js")
            #expect(script.status == 200)
            let spec = try await client.text("/api/openapi.yaml")
            #expect(spec.status == 200)
            #expect(spec.body.hasPrefix("openapi:"))
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }
}
