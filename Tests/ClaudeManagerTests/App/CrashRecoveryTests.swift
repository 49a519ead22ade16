import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Testing

@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    @Test func killedManagerRestartsProjectsAndLeavesNoOrphans() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-crash")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "survivor")
        let dataDirectory = (scratch as NSString).appendingPathComponent("data")
        let environment = [
            "DATA_DIR": dataDirectory,
            "LOG_DIR": (scratch as NSString).appendingPathComponent("logs"),
            "ADMIN_EMAIL": "admin@example.com",
            "ADMIN_PASSWORD": "crash-test-password",
            "AGENT_COMMAND": "simulator",
            "AGENT_SIMULATOR_PATH": TestEnvironment.simulatorPath,
            "BCRYPT_COST": "4",
            "PUBLIC_DIR": TestEnvironment.publicDirectory,
        ]
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await Self.exercise(http: http, scratch: scratch, repository: repository, environment: environment)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    private static func exercise(
        http: HTTPClient,
        scratch: String,
        repository: String,
        environment: [String: String]
    )
        async throws
    {
        let dataDirectory = try #require(environment["DATA_DIR"])
        let output = (scratch as NSString).appendingPathComponent("manager.out")

        let first = try ManagerProcess(environment: environment, port: try ManagerProcess.freePort(), output: output)
        defer { first.terminate() }
        var client = try await ProcessClient(http: http, baseURL: first.baseURL).ready(
            email: "admin@example.com",
            password: "crash-test-password"
        )
        let created = try await client.send(
            .POST,
            "/api/projects",
            json: ["name": "Survivor", "gitRepository": repository]
        )
        #expect(created.status == 201)
        let id = try #require(created.json["id"] as? String)
        let stopped = try await client.send(
            .POST,
            "/api/projects",
            json: ["name": "Sleeper", "gitRepository": repository, "start": false]
        )
        let stoppedID = try #require(stopped.json["id"] as? String)
        await eventually(timeout: .seconds(45), "project never ran") {
            (try? await client.send(.GET, "/api/projects/\(id)"))?.json["status"] as? String == "running"
        }
        let pidFile = (dataDirectory as NSString).appendingPathComponent("agents/survivor.pid")
        let oldPID = try #require(
            Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).split(separator: "\n").first ?? "")
        )
        #expect(kill(oldPID, 0) == 0)

        first.kill9()
        #expect(kill(oldPID, 0) == 0, "the agent should outlive a kill -9 of the manager until the restart")

        let second = try ManagerProcess(environment: environment, port: try ManagerProcess.freePort(), output: output)
        defer { second.terminate() }
        client = try await ProcessClient(http: http, baseURL: second.baseURL).ready(
            email: "admin@example.com",
            password: "crash-test-password"
        )
        await eventually(timeout: .seconds(45), "project did not run again after restart") {
            let project = try? await client.send(.GET, "/api/projects/\(id)")
            return project?.json["status"] as? String == "running"
        }
        await eventually(timeout: .seconds(20), "the orphaned agent \(oldPID) is still alive") {
            kill(oldPID, 0) != 0 || Self.isZombie(oldPID)
        }
        let newPID = Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).split(separator: "\n").first ?? "")
        #expect(newPID != nil && newPID != oldPID)
        let sleeper = try await client.send(.GET, "/api/projects/\(stoppedID)")
        #expect(sleeper.json["status"] as? String == "stopped")
        let list = try await client.send(.GET, "/api/projects")
        #expect(list.json["total"] as? Int == 2)
    }

    @Test func malformedConfigurationStopsStartupWithOneLine() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-config")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for (variable, value) in [("PORT", "abc"), ("DATABASE_URL", "foo://x"), ("LOG_LEVEL", "loud")] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TestEnvironment.managerPath)
            process.arguments = ["serve"]
            process.environment = [
                "PATH": "/usr/bin:/bin", "DATA_DIR": scratch, "LOG_DIR": scratch + "/logs", variable: value,
            ]
            process.currentDirectoryURL = URL(fileURLWithPath: scratch)
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(process.terminationStatus == 2)
            #expect(text.split(separator: "\n").count == 1, "\(text)")
            #expect(text.contains(variable), "\(text)")
        }
    }

    private static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}
