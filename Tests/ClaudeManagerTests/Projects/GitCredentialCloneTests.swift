import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// git's smart-HTTP server behind Basic auth, run from `Tests/GitServer/git_http_server.py`.
final class GitHTTPServer {
    let process = Process()
    let port: Int

    /// - Parameter record: a file to which the server appends every request's `Authorization` header (or `-`).
    init(root: String, user: String, token: String, record: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3",
                TestEnvironment.packageRoot.appendingPathComponent("Tests/GitServer/git_http_server.py").path,
                "--root", root, "--user", user, "--token", token,
            ] + (record.map { ["--record", $0] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let port = Int(text.replacingOccurrences(of: "listening on ", with: "")) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "git server said \(text)"])
        }
        self.port = port
    }

    /// Kills the server; SIGKILL because a child may inherit a signal mask that blocks SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

@Suite("Cloning with git credentials")
struct GitCredentialCloneTests {
    @Test func tokenCredentialClonesOverHTTPWithoutLeakingTheToken() async throws {
        let root = try TestEnvironment.makeTemporaryDirectory("cm-githttp")
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try GitFixtures.makeBareRepository(in: root, name: "private")
        let token = "glpat-CLONE-TOKEN-7f3a9"
        let server = try GitHTTPServer(root: root, user: "alice", token: token)
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/private.git"
        let host = "127.0.0.1:\(server.port)"
        try await TestApp.run { client, _, configuration in
            let admin = try await client.login()
            let good = try await admin.send(
                .post,
                "/api/git-credentials",
                json: [
                    "name": "good", "type": "token", "provider": "other", "username": "alice", "token": token,
                    "hosts": [host],
                ]
            )
            #expect(good.status == .created)
            #expect(good.json["username"] as? String == "alice")
            let bad = try await admin.send(
                .post,
                "/api/git-credentials",
                json: [
                    "name": "bad", "type": "token", "provider": "other", "username": "alice", "token": "wrong-token",
                    "hosts": [host],
                ]
            )
            let goodID = try #require(good.json["id"] as? String)
            let badID = try #require(bad.json["id"] as? String)

            let anonymous = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Anon", "gitRepository": url, "shortName": "anon", "start": false]
            )
            let withBad = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Bad", "gitRepository": url, "shortName": "bad", "start": false, "gitCredentialId": badID,
                ]
            )
            let withGood = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Good", "gitRepository": url, "shortName": "good", "start": false,
                    "gitCredentialId": goodID,
                ]
            )
            let good1 = try await ProjectLifecycleTests.waitForStatus(
                admin,
                try #require(withGood.json["id"] as? String),
                "stopped"
            )
            #expect(good1["statusReason"] == nil)
            let badProject = try await ProjectLifecycleTests.waitForStatus(
                admin,
                try #require(withBad.json["id"] as? String),
                "error"
            )
            let anonProject = try await ProjectLifecycleTests.waitForStatus(
                admin,
                try #require(anonymous.json["id"] as? String),
                "error"
            )
            for project in [badProject, anonProject] {
                let reason = project["statusReason"] as? String ?? ""
                #expect(reason.hasPrefix("clone failed:"), "\(reason)")
                #expect(!reason.contains(token))
            }

            let workspace = (configuration.dataDirectory as NSString).appendingPathComponent("workspaces/good")
            #expect(FileManager.default.fileExists(atPath: workspace + "/README.md"))
            let gitConfig = try String(contentsOfFile: workspace + "/.git/config", encoding: .utf8)
            #expect(gitConfig.contains(url))
            #expect(!gitConfig.contains(token))
            for directory in [configuration.dataDirectory, configuration.server.logDirectory] {
                let enumerator = FileManager.default.enumerator(atPath: directory)
                while let relative = enumerator?.nextObject() as? String {
                    let path = (directory as NSString).appendingPathComponent(relative)
                    if let data = FileManager.default.contents(atPath: path) {
                        #expect(data.range(of: Data(token.utf8)) == nil, "\(path) contains the token")
                    }
                }
            }
        }
    }

    @Test func sshKeysMustLookLikeKeys() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let bad = try await admin.send(
                .post,
                "/api/git-credentials",
                json: ["name": "k", "type": "ssh-key", "provider": "github", "sshPrivateKey": "hello"]
            )
            #expect(bad.status == .unprocessableContent)
            let missing = try await admin.send(
                .post,
                "/api/git-credentials",
                json: ["name": "t", "type": "token", "provider": "github"]
            )
            #expect(missing.status == .unprocessableContent)
            let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA-SSH-KEY-MARKER\n-----END OPENSSH PRIVATE KEY-----"
            let ok = try await admin.send(
                .post,
                "/api/git-credentials",
                json: ["name": "deploy", "type": "ssh-key", "provider": "gitlab", "sshPrivateKey": key]
            )
            #expect(ok.status == .created)
            #expect(!ok.text.contains("SSH-KEY-MARKER"))
            let duplicate = try await admin.send(
                .post,
                "/api/git-credentials",
                json: ["name": "deploy", "type": "none", "provider": "gitlab"]
            )
            #expect(duplicate.status == .conflict)
            let listed = try await admin.send(.get, "/api/git-credentials")
            #expect(listed.jsonArray.count == 1)
            #expect(!listed.text.contains("SSH-KEY-MARKER"))
        }
    }
}
