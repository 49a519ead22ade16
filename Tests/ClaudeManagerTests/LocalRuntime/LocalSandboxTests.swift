import Configuration
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ClaudeManager

/// Local agents run under bubblewrap; `scripts/test` installs it, so these tests prove the sandbox is really used.
@Suite("Local agent sandbox")
struct LocalSandboxTests {
    /// A command that records what the agent sees and may do in `sandbox-probe.txt` (in its workspace), then runs
    /// the simulator. `secrets` are host paths the agent must not see.
    static func probingCommand(secrets: [String]) -> String {
        let checks = [
            "echo uid=$(id -u)",
            "echo caps=$(grep CapEff /proc/self/status | cut -f2)",
            "for p in \(secrets.map { "\"\($0)\"" }.joined(separator: " ")); do [ -e \"$p\" ] && echo visible=$p; done",
            "[ -e README.md ] && echo workspace=readable",
            "echo written > written-inside && echo workspace=writable",
            "umount /etc/shadow >/dev/null 2>&1 && echo umount=succeeded",
            "umount -l /tmp >/dev/null 2>&1 && echo umount=succeeded",
            "mount -t tmpfs none /tmp >/dev/null 2>&1 && echo mount=succeeded",
            "unshare -U true >/dev/null 2>&1 && echo userns=succeeded",
            "v=$(cat /proc/sys/kernel/printk_ratelimit); (echo $v > /proc/sys/kernel/printk_ratelimit) 2>/dev/null"
                + " && echo sysctl=written",
            "echo home=$HOME",
            "echo done",
        ]
        let script =
            "{ " + checks.joined(separator: "; ")
            + "; } > sandbox-probe.txt 2>&1; exec \"$0\" --port \"$AGENTAPI_PORT\""
        return "/bin/sh -c '\(script)' \(TestEnvironment.simulatorPath)"
    }

    /// The sandboxed agent process (the simulator) below the bubblewrap process recorded in the pid file.
    static func agentProcess(dataDirectory: String, shortName: String) throws -> Int32 {
        let pidFile = (dataDirectory as NSString).appendingPathComponent("agents/\(shortName).pid")
        let lines = try String(contentsOfFile: pidFile, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 3 && lines[2] == "sandboxed", "pid file: \(lines)")
        let bubblewrap = try #require(Int32(lines.first ?? ""))
        let simulator = URL(fileURLWithPath: TestEnvironment.simulatorPath).resolvingSymlinksInPath().path
        let agent = LocalProcesses.descendants(of: bubblewrap).first { pid in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")) == simulator
        }
        return try #require(agent, "no agent-simulator below bubblewrap \(bubblewrap)")
    }

    @Test func agentSeesNoneOfTheManagersSecretsAndCannotUncoverThem() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-sandbox")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch)
        let workingFolder = FileManager.default.currentDirectoryPath
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        // nil: a home without plain files has none to hide
        let homeFiles = ((try? FileManager.default.contentsOfDirectory(atPath: home)) ?? []).map {
            (home as NSString).appendingPathComponent($0)
        }.filter { !SandboxMountPlan.isDirectory($0) }
        @Sendable func secrets(of configuration: AppConfiguration) -> [String] {
            let data = configuration.dataDirectory as NSString
            return [
                data.appendingPathComponent("master.key"), data.appendingPathComponent("jwt.secret"),
                configuration.store.databaseURL, configuration.store.databaseURL + "-wal",
                configuration.server.logDirectory,
                data.appendingPathComponent("agents"), data.appendingPathComponent("workspaces/other/secret.txt"),
                (workingFolder as NSString).appendingPathComponent(".env"),
                (workingFolder as NSString).appendingPathComponent("Package.swift"),
            ] + homeFiles
        }
        let configure: (inout AppConfiguration) -> Void = { configuration in
            configuration.auth.jwtSecret = nil  // generated into DATA_DIR/jwt.secret
            configuration.auth.masterKey = nil  // generated into DATA_DIR/master.key
            configuration.localRuntime.agentCommand = Self.probingCommand(secrets: secrets(of: configuration))
        }
        try await TestApp.run(configure: configure) { client, _, configuration in
            let secrets = secrets(of: configuration)
            let data = configuration.dataDirectory as NSString
            let other = data.appendingPathComponent("workspaces/other")
            try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
            try "another project's file\n".write(toFile: other + "/secret.txt", atomically: true, encoding: .utf8)
            for secret in ["master.key", "jwt.secret", "claude-manager.sqlite"] {
                #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent(secret)))
            }

            let admin = try await client.login()
            let system = try await admin.send(.get, "/api/system")
            let sandbox = try #require(system.json["localSandbox"] as? [String: Any])
            #expect(sandbox["enabled"] as? Bool == true)
            #expect(sandbox["available"] as? Bool == true, "bubblewrap must run here: \(sandbox)")
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Sandboxed", "gitRepository": repository]
            )
            let id = try #require(created.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")

            let workspace = data.appendingPathComponent("workspaces/sample")
            let probe = try String(contentsOfFile: workspace + "/sandbox-probe.txt", encoding: .utf8)
            let lines = Set(probe.split(separator: "\n").map(String.init))
            #expect(lines.contains("done"), "\(probe)")
            #expect(lines.contains("uid=1000"), "\(probe)")
            #expect(lines.contains("caps=0000000000000000"), "\(probe)")
            #expect(lines.contains("workspace=readable") && lines.contains("workspace=writable"), "\(probe)")
            #expect(lines.contains("home=\(data.appendingPathComponent("sandboxes/sample/home"))"), "\(probe)")
            #expect(!lines.contains { $0.hasPrefix("visible=") }, "\(probe)")
            for escape in ["umount=succeeded", "mount=succeeded", "userns=succeeded", "sysctl=written"] {
                #expect(!lines.contains(escape), "\(probe)")
            }
            let written = try FileManager.default.attributesOfItem(atPath: workspace + "/written-inside")
            #expect((written[.ownerAccountID] as? NSNumber)?.uint32Value == getuid())

            let agent = try Self.agentProcess(dataDirectory: configuration.dataDirectory, shortName: "sample")
            let ownNamespace = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/user")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(agent)/ns/user") != ownNamespace)
            let uidMap = try String(contentsOfFile: "/proc/\(agent)/uid_map", encoding: .utf8)
            #expect(uidMap.split(whereSeparator: \.isWhitespace) == ["1000", "\(getuid())", "1"])
            let root = "/proc/\(agent)/root"
            #expect(FileManager.default.fileExists(atPath: root + workspace + "/README.md"))
            for secret in secrets + [data.appendingPathComponent("workspaces/other")] {
                #expect(!FileManager.default.fileExists(atPath: root + secret), "\(secret) is visible to the agent")
            }
        }
    }

    /// Installs an agent the way npm and pip do: a link in a `bin` folder into the package, whose script imports a
    /// module beside it; the agent answers `GET /status` on `--port`. Returns the link.
    static func installLinkedAgent(in scratch: String) throws -> String {
        let package = (scratch as NSString).appendingPathComponent("lib/fake-agent")
        let bin = (scratch as NSString).appendingPathComponent("bin")
        for folder in [package, bin] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let server = """
            import http.server

            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = b'{"status":"stable"}'
                    self.send_response(200 if self.path == "/status" else 404)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

                def log_message(self, *arguments):
                    pass

            def serve(port):
                http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()

            """
        let cli = """
            #!/usr/bin/python3
            import os, sys
            sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
            import server
            server.serve(int(sys.argv[sys.argv.index("--port") + 1]))

            """
        try server.write(toFile: package + "/server.py", atomically: true, encoding: .utf8)
        try cli.write(toFile: package + "/cli.py", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: package + "/cli.py")
        let link = bin + "/fake-agent"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../lib/fake-agent/cli.py")
        return link
    }

    @Test func agentInstalledAsALinkIntoItsPackageRuns() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-sandbox")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch)
        let agent = try Self.installLinkedAgent(in: scratch)
        let configure: (inout AppConfiguration) -> Void = { $0.localRuntime.agentCommand = "\(agent) --port {port}" }
        try await TestApp.run(configure: configure) { client, _, _ in
            let admin = try await client.login()
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Linked", "gitRepository": repository]
            )
            let id = try #require(created.json["id"] as? String)
            let running = try await ProjectLifecycleTests.waitForStatus(admin, id, "running", timeout: .seconds(30))
            #expect(running["status"] as? String == "running", "\(running)")
        }
    }

    @Test func stopEndsTheSandboxedAgentWithSIGTERM() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-sandbox")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch)
        let script =
            "trap \"echo graceful > stopped-by-sigterm; kill \\$child; exit 0\" TERM; "
            + "\"$0\" --port \"$AGENTAPI_PORT\" & child=$!; wait"
        let configure: (inout AppConfiguration) -> Void = {
            $0.localRuntime.agentCommand = "/bin/sh -c '\(script)' \(TestEnvironment.simulatorPath)"
            $0.localRuntime.agentStopGraceSeconds = 20
        }
        try await TestApp.run(configure: configure) { client, _, configuration in
            let admin = try await client.login()
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Graceful", "gitRepository": repository]
            )
            let id = try #require(created.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
            let agent = try Self.agentProcess(dataDirectory: configuration.dataDirectory, shortName: "sample")
            let clock = ContinuousClock()
            let started = clock.now
            #expect(try await admin.send(.post, "/api/projects/\(id)/stop").status == .accepted)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "stopped")
            #expect(clock.now - started < .seconds(15), "the agent was killed after the grace period")
            let marker = (configuration.dataDirectory as NSString)
                .appendingPathComponent("workspaces/sample/stopped-by-sigterm")
            #expect(FileManager.default.fileExists(atPath: marker), "SIGTERM never reached the agent")
            await eventually("the sandboxed agent \(agent) outlived stop") { kill(agent, 0) != 0 }
        }
    }

    @Test func sandboxOffRunsAgentsUnconfinedAndSaysSo() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-sandbox")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch)
        let configure: (inout AppConfiguration) -> Void = { $0.localRuntime.isSandboxEnabled = false }
        try await TestApp.run(configure: configure) { client, _, configuration in
            let admin = try await client.login()
            let system = try await admin.send(.get, "/api/system")
            let sandbox = try #require(system.json["localSandbox"] as? [String: Any])
            #expect(sandbox["enabled"] as? Bool == false)
            #expect(sandbox["available"] as? Bool == false)
            let health = try await client.send(.get, "/api/monitoring/health")
            let runtime = (health.json["components"] as? [String: Any])?["runtime"] as? [String: Any]
            #expect((runtime?["message"] as? String)?.contains("without a sandbox") == true)
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Unconfined", "gitRepository": repository]
            )
            let id = try #require(created.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
            let pidFile = (configuration.dataDirectory as NSString).appendingPathComponent("agents/sample.pid")
            let lines = try String(contentsOfFile: pidFile, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 2)
            let pid = try #require(Int32(lines.first ?? ""))
            let ownNamespace = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/user")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/user") == ownNamespace)
        }
    }

    /// What is broken, and what the reason must name.
    enum Breakage: String, CaseIterable {
        case bubblewrapMissing
        case userNamespacesRefused

        /// The `bwrap` to configure: a path that does not exist, or a script failing as bwrap does on such kernels.
        func executable(in scratch: String) throws -> String {
            switch self {
            case .bubblewrapMissing:
                return (scratch as NSString).appendingPathComponent("missing/bwrap")
            case .userNamespacesRefused:
                let path = (scratch as NSString).appendingPathComponent("bwrap")
                let script = """
                    #!/bin/sh
                    echo 'bwrap: No permissions to creating new namespace, likely because the kernel does not \
                    allow non-privileged user namespaces.' >&2
                    exit 1

                    """
                try script.write(toFile: path, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
                return path
            }
        }

        var namedInReason: String {
            switch self {
            case .bubblewrapMissing: "bubblewrap"
            case .userNamespacesRefused: "user namespaces"
            }
        }
    }

    @Test(arguments: Breakage.allCases)
    func unavailableSandboxStopsProjectsWithAReason(_ breakage: Breakage) async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-sandbox")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch)
        let executable = try breakage.executable(in: scratch)
        let configure: (inout AppConfiguration) -> Void = { $0.localRuntime.sandboxExecutable = executable }
        try await TestApp.run(configure: configure) { client, _, _ in
            let admin = try await client.login()
            let system = try await admin.send(.get, "/api/system")
            let sandbox = try #require(system.json["localSandbox"] as? [String: Any])
            #expect(sandbox["enabled"] as? Bool == true)
            #expect(sandbox["available"] as? Bool == false)
            #expect((sandbox["problem"] as? String)?.contains(breakage.namedInReason) == true, "\(sandbox)")
            let health = try await client.send(.get, "/api/monitoring/health")
            #expect(health.json["status"] as? String == "degraded")
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Unsandboxed", "gitRepository": repository]
            )
            let id = try #require(created.json["id"] as? String)
            let project = try await ProjectLifecycleTests.waitForStatus(admin, id, "error")
            let reason = try #require(project["statusReason"] as? String)
            #expect(reason.hasPrefix("local sandbox unavailable: "), "\(reason)")
            #expect(reason.contains(breakage.namedInReason) && reason.contains("LOCAL_SANDBOX=off"), "\(reason)")
        }
    }

    @Test func configurationReadsLocalSandboxAndItsUID() throws {
        func load(_ variables: [String: String]) throws -> AppConfiguration {
            try AppConfiguration.load(
                from: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: variables))
            )
        }
        let on = try load([:])
        #expect(on.localRuntime.isSandboxEnabled && on.localRuntime.sandboxUID == 1000)
        let off = try load(["LOCAL_SANDBOX": "off", "LOCAL_SANDBOX_UID": "2000"])
        #expect(!off.localRuntime.isSandboxEnabled && off.localRuntime.sandboxUID == 2000)
        for (name, value) in [("LOCAL_SANDBOX", "maybe"), ("LOCAL_SANDBOX_UID", "0")] {
            let error = #expect(throws: ConfigurationError.self) { try load([name: value]) }
            #expect(error?.variable == name)
        }
    }

    @Test func mountPlanNeverShowsRootNorFoldersHoldingSecrets() throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-plan")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let tools = (scratch as NSString).appendingPathComponent("tools")
        let data = (scratch as NSString).appendingPathComponent("tools/data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        var plan = SandboxMountPlan(secretPaths: [data], privateFolders: [scratch])
        let refused = ["/", scratch, tools, data, "relative/bin"].filter { !plan.addSearchFolder($0) }
        #expect(refused == ["/", scratch, tools, data, "relative/bin"])
        let usable = plan.addSearchFolder("/usr/bin")
        #expect(usable)
        let arguments = plan.arguments()
        let binds = stride(from: 0, to: arguments.count - 2, by: 1).filter {
            arguments[$0] == "--ro-bind" || arguments[$0] == "--bind"
        }.map { arguments[$0 + 1] }
        #expect(!binds.contains("/"))
        #expect(!binds.contains { $0 == scratch || $0 == tools || $0 == data })
        #expect(arguments.joined(separator: " ").contains("--ro-bind /usr /usr"))
    }
}
