import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Secrets never leak")
struct SecretLeakTests {
    @Test func secretsStayOutOfResponsesLogsAndTheDatabase() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-git")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "leaky")
        let markers = ["sk-ant-LEAK-MARKER-API", "ghp_LEAK-MARKER-TOKEN", "LEAK-MARKER-SUDO", "LEAK-MARKER-CODE"]
        try await TestApp.run { client, _, configuration in
            let admin = try await client.login()
            var seen = ""
            let credential = try await admin.send(
                .post,
                "/api/git-credentials",
                json: ["name": "gh", "type": "token", "provider": "github", "token": markers[1]]
            )
            #expect(credential.status == .created)
            seen += credential.text
            let credentialID = try #require(credential.json["id"] as? String)
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Leaky", "gitRepository": repository, "anthropicApiKey": markers[0],
                    "sudoPassword": markers[2], "codeServerPassword": markers[3],
                ]
            )
            #expect(created.status == .created)
            seen += created.text
            let id = try #require(created.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
            let updated = try await admin.send(
                .put,
                "/api/projects/\(id)",
                json: ["anthropicApiKey": markers[0] + "-2"]
            )
            #expect(updated.status == .ok)
            seen += updated.text
            for path in [
                "/api/projects", "/api/projects/\(id)", "/api/git-credentials", "/api/git-credentials/\(credentialID)",
                "/api/audit?limit=500", "/api/projects/\(id)/logs",
            ] {
                seen += try await admin.send(.get, path).text
            }
            // A project that uses the token (its host cannot be reached here, so the clone fails) keeps it in use.
            let user = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Token user", "gitRepository": "https://github.com/acme/leaky.git", "start": false,
                    "gitCredentialId": credentialID,
                ]
            )
            #expect(user.status == .created, "\(user.text)")
            seen += user.text
            let inUse = try await admin.send(.delete, "/api/git-credentials/\(credentialID)")
            #expect(inUse.status == .conflict)

            // The key does reach the agent, through its environment only (README: Using real Claude Code).
            #expect(
                Self.agentEnvironments(projectID: id).contains {
                    $0["ANTHROPIC_API_KEY"]?.hasPrefix(markers[0]) == true
                }
            )

            // Scanned while every leak site exists: the workspace, the agent's log, the database, the log files.
            // A planted marker proves the scan reads them.
            let control = "LEAK-CONTROL-\(UUID().uuidString)"
            let workspace = (configuration.dataDirectory as NSString).appendingPathComponent("workspaces")
            try control.write(
                toFile: (workspace as NSString).appendingPathComponent("leaky/control.txt"),
                atomically: true,
                encoding: .utf8
            )
            let sites = Self.files(in: [configuration.server.logDirectory, configuration.dataDirectory])
            #expect(sites.contains { $0.hasSuffix("combined.log") })
            #expect(sites.contains { $0.hasSuffix("claude-manager.sqlite") })
            #expect(sites.contains { $0.hasSuffix("leaky.log") || $0.contains("/agents/") })
            #expect(sites.contains { $0.contains("/workspaces/leaky/") })
            #expect(Self.filesContaining(control, in: sites).count == 1, "the scan must find the planted marker")
            for marker in markers {
                #expect(!seen.contains(marker), "an API response contains \(marker)")
                #expect(Self.filesContaining(marker, in: sites).isEmpty, "files contain \(marker)")
            }

            // And after the project is gone, nothing is left behind either.
            _ = try await admin.send(.delete, "/api/projects/\(id)?keepVolumes=false")
            await eventually { (try? await admin.send(.get, "/api/projects/\(id)").status) == .notFound }
            let remaining = Self.files(in: [configuration.server.logDirectory, configuration.dataDirectory])
            for marker in markers {
                #expect(Self.filesContaining(marker, in: remaining).isEmpty, "files contain \(marker) after delete")
            }
        }
    }

    /// Every regular file under `directories`.
    static func files(in directories: [String]) -> [String] {
        var files: [String] = []
        for directory in directories {
            let enumerator = FileManager.default.enumerator(atPath: directory)
            while let relative = enumerator?.nextObject() as? String {
                let path = (directory as NSString).appendingPathComponent(relative)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files.append(path)
                }
            }
        }
        return files
    }

    static func filesContaining(_ marker: String, in files: [String]) -> [String] {
        files.filter { (FileManager.default.contents(atPath: $0) ?? Data()).range(of: Data(marker.utf8)) != nil }
    }

    /// The environments of the agent-simulator processes started for `projectID`, read from /proc.
    static func agentEnvironments(projectID: String) -> [[String: String]] {
        // nil: /proc entries vanish while we read; those processes are not the agent
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int32($0) != nil }.compactMap { pid -> [String: String]? in
            guard let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                let first = command.split(separator: 0).first,
                (String(decoding: first, as: UTF8.self) as NSString).lastPathComponent == "agent-simulator",
                let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
            else { return nil }
            var environment: [String: String] = [:]
            for entry in environ.split(separator: 0) {
                let text = String(decoding: entry, as: UTF8.self)
                guard let equals = text.firstIndex(of: "=") else { continue }
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            return environment["CLAUDE_MANAGER_PROJECT_ID"] == projectID ? environment : nil
        }
    }
}
