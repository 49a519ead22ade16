import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing

@testable import ClaudeManager

/// Stopping an agent: SIGTERM, then SIGKILL once the grace period is over; pid files of other processes are left
/// alone.
@Suite("Stopping local agents")
struct AgentStopTests {
    /// An agent that answers `GET /status` and ignores SIGTERM, writing the time it got it to `sigterm.txt`.
    static let stubbornAgent: String = {
        let code = [
            "import http.server, signal, sys, time",
            "signal.signal(signal.SIGTERM, lambda n, f: open(\"sigterm.txt\", \"a\").write(repr(time.time()) + \"\\n\"))",
            "class H(http.server.BaseHTTPRequestHandler):",
            "    def do_GET(self):",
            "        body = b\"{}\"",
            "        self.send_response(200)",
            "        self.send_header(\"Content-Length\", str(len(body)))",
            "        self.end_headers()",
            "        self.wfile.write(body)",
            "    def log_message(self, *a): pass",
            "http.server.HTTPServer((\"127.0.0.1\", int(sys.argv[1])), H).serve_forever()",
        ].joined(separator: "\n")
        return "/usr/bin/python3 -c '\(code)' {port}"
    }()

    @Test func anAgentThatIgnoresSIGTERMIsKilledWhenTheGracePeriodEnds() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-stop")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "stubborn")
        let grace = 2.0
        let configure: (inout AppConfiguration) -> Void = {
            $0.localRuntime.agentCommand = Self.stubbornAgent
            $0.localRuntime.agentStopGraceSeconds = Int(grace)
        }
        try await TestApp.run(configure: configure) { client, _, configuration in
            let admin = try await client.login()
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Stubborn", "shortName": "stubborn", "gitRepository": repository]
            )
            let id = try #require(created.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
            #expect(try await admin.send(.post, "/api/projects/\(id)/stop").status == .accepted)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "stopped")
            let stoppedAt = Date().timeIntervalSince1970
            let record = (configuration.dataDirectory as NSString)
                .appendingPathComponent("workspaces/stubborn/sigterm.txt")
            let text = try String(contentsOfFile: record, encoding: .utf8)
            let terminatedAt = try #require(text.split(separator: "\n").first.flatMap { Double($0) })
            // It got SIGTERM, survived it, and was gone only after the grace period.
            #expect(stoppedAt - terminatedAt >= grace - 0.2, "stopped \(stoppedAt - terminatedAt) s after SIGTERM")
            #expect(stoppedAt - terminatedAt < grace + 20)
        }
    }

    @Test func aStalePidFileNamingAnotherProcessLeavesItAlone() async throws {
        let bystander = Process()
        bystander.executableURL = URL(fileURLWithPath: "/bin/sleep")
        bystander.arguments = ["300"]
        try bystander.run()
        defer {
            kill(bystander.processIdentifier, SIGKILL)  // SIGKILL: a child may inherit a mask that blocks SIGTERM
            bystander.waitUntilExit()
        }
        let pid = bystander.processIdentifier
        let pidFile = Mutex<String>("")
        let configure: (inout AppConfiguration) -> Void = { configuration in
            // What a manager killed long ago left behind, naming a pid the system has since given to another process.
            let agents = (configuration.dataDirectory as NSString).appendingPathComponent("agents")
            try? FileManager.default.createDirectory(atPath: agents, withIntermediateDirectories: true)
            let path = (agents as NSString).appendingPathComponent("gone.pid")
            let written = FileManager.default.createFile(
                atPath: path,
                contents: Data("\(pid)\nproject-long-gone\n".utf8)
            )
            precondition(written, "could not write \(path)")
            pidFile.withLock { $0 = path }
        }
        try await TestApp.run(configure: configure) { _, _, _ in
            let path = pidFile.withLock { $0 }
            // The manager reads and removes the file at start; the process it names lives on.
            await eventually { !FileManager.default.fileExists(atPath: path) }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            let state = stat.split(separator: ")").last?.split(separator: " ").first
            #expect(state != nil && state != "Z", "the bystander is gone: \(stat)")
        }
    }
}
