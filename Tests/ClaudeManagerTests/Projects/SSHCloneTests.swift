import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A throw-away sshd on 127.0.0.1 serving one bare repository, started by `Tests/GitServer/ssh_git_server.sh`.
struct SSHGitServer: Sendable {
    static let sshdPath = TestEnvironment.sshdPath

    let port: Int
    /// The private key sshd accepts.
    let keyPath: String
    /// The absolute path of `repo.git` on the server.
    let repositoryPath: String
    let pid: pid_t

    /// `ssh://root@127.0.0.1:<port>/…/repo.git`.
    var url: String { "ssh://\(NSUserName())@127.0.0.1:\(port)\(repositoryPath)" }

    /// Runs the script in `directory` and parses its `PORT … KEY … REPO … PID …` line.
    init(directory: String) throws {
        let script = TestEnvironment.packageRoot.appendingPathComponent("Tests/GitServer/ssh_git_server.sh").path
        let output = try Self.run("/bin/bash", [script, directory])
        let words = output.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count == 8, words[0] == "PORT", words[2] == "KEY", words[4] == "REPO", words[6] == "PID",
            let port = Int(words[1]), let pid = pid_t(words[7])
        else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "ssh server said \(output)"])
        }
        self.port = port
        self.keyPath = words[3]
        self.repositoryPath = words[5]
        self.pid = pid
    }

    /// Kills sshd (SIGKILL: a child may inherit a signal mask that blocks SIGTERM). Its host key was only ever
    /// recorded in the manager's own `DATA_DIR/ssh/known_hosts`, which goes with the test's data folder.
    func stop() {
        kill(pid, SIGKILL)
    }

    /// The base64 blob of the host's public key, as `known_hosts` lines carry it.
    func hostKey(directory: String) throws -> String {
        let line = try String(contentsOfFile: directory + "/ssh_host_ed25519_key.pub", encoding: .utf8)
        let fields = line.split(separator: " ")
        guard fields.count >= 2 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "host key: \(line)"])
        }
        return String(fields[1])
    }

    /// The operator's `known_hosts` files (`$HOME`'s and the account's home, which ssh reads), with their bytes or
    /// `nil` when absent: a test must leave them as they were.
    static func operatorKnownHosts() -> [String: Data?] {
        var homes = [FileManager.default.homeDirectoryForCurrentUser.path]
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            homes.append(String(cString: directory))
        }
        var files: [String: Data?] = [:]
        for home in homes {
            let path = (home as NSString).appendingPathComponent(".ssh/known_hosts")
            files.updateValue(FileManager.default.contents(atPath: path), forKey: path)
        }
        return files
    }

    /// Runs a program to completion; returns its stdout and throws when it exits non-zero.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw CocoaError(
                .executableLoad,
                userInfo: [NSLocalizedDescriptionKey: "\(arguments) exited with \(process.terminationStatus): \(text)"]
            )
        }
        return text
    }
}

@Suite(
    "Cloning over SSH with a private key",
    .enabled(if: TestEnvironment.runsSSHDTests, "sshd is not installed")
)
struct SSHCloneTests {
    @Test func sshKeyCredentialClonesOverSSHWithoutLeakingTheKey() async throws {
        try TestEnvironment.requireExecutable(SSHGitServer.sshdPath)
        try TestEnvironment.requireExecutable(TestEnvironment.sshKeygenPath)
        let operatorKnownHosts = SSHGitServer.operatorKnownHosts()
        defer {
            #expect(SSHGitServer.operatorKnownHosts() == operatorKnownHosts, "the operator's known_hosts changed")
        }
        let directory = try TestEnvironment.makeTemporaryDirectory("cm-sshd")
        defer { try? FileManager.default.removeItem(atPath: directory) }  // nil: best-effort cleanup
        let server = try SSHGitServer(directory: directory)
        defer { server.stop() }

        let strangerPath = (directory as NSString).appendingPathComponent("stranger_ed25519")
        try SSHGitServer.run(
            "/usr/bin/env",
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cm-test-client", "-f", strangerPath]
        )
        let key = try String(contentsOfFile: server.keyPath, encoding: .utf8)
        let strangerKey = try String(contentsOfFile: strangerPath, encoding: .utf8)
        // Line 2 of every unencrypted OpenSSH ed25519 key is the same format header, so it proves nothing on its
        // own: look for each body line that belongs to this key alone (public key, private key, checksum).
        let markers = Self.distinctiveLines(of: key, notIn: strangerKey)
        let strangerMarkers = Self.distinctiveLines(of: strangerKey, notIn: key)
        try #require(markers.count >= 2, "\(markers)")

        try await TestApp.run { client, _, configuration in
            let admin = try await client.login()
            var responses: [String] = []
            let good = try await admin.send(
                .post,
                "/api/git-credentials",
                json: [
                    "name": "deploy", "type": "ssh-key", "provider": "other", "sshPrivateKey": key,
                    "hosts": ["127.0.0.1:\(server.port)"],
                ]
            )
            #expect(good.status == .created, "\(good.text)")
            #expect(good.json["type"] as? String == "ssh-key")
            let bad = try await admin.send(
                .post,
                "/api/git-credentials",
                json: [
                    "name": "stranger", "type": "ssh-key", "provider": "other", "sshPrivateKey": strangerKey,
                    "hosts": ["127.0.0.1:\(server.port)"],
                ]
            )
            #expect(bad.status == .created, "\(bad.text)")
            responses += [good.text, bad.text]
            let goodID = try #require(good.json["id"] as? String)
            let badID = try #require(bad.json["id"] as? String)

            let listed = try await admin.send(.get, "/api/git-credentials")
            #expect(listed.jsonArray.count == 2)
            responses.append(listed.text)

            let withGood = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": "SSH Good", "gitRepository": server.url, "shortName": "sshgood", "start": false,
                    "gitCredentialId": goodID,
                ]
            )
            #expect(withGood.status == .created, "\(withGood.text)")
            let withBad = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": "SSH Bad", "gitRepository": server.url, "shortName": "sshbad", "start": false,
                    "gitCredentialId": badID,
                ]
            )
            #expect(withBad.status == .created, "\(withBad.text)")
            responses += [withGood.text, withBad.text]
            let goodProjectID = try #require(withGood.json["id"] as? String)
            let badProjectID = try #require(withBad.json["id"] as? String)

            let cloned = try await ProjectLifecycleTests.waitForStatus(admin, goodProjectID, "stopped")
            #expect(cloned["statusReason"] == nil, "\(cloned)")
            let refused = try await ProjectLifecycleTests.waitForStatus(admin, badProjectID, "error")
            let reason = refused["statusReason"] as? String ?? ""
            #expect(reason.hasPrefix("clone failed:"), "\(reason)")
            for project in [goodProjectID, badProjectID] {
                responses.append(try await admin.send(.get, "/api/projects/\(project)").text)
            }

            // The host key was trusted on first use in the manager's own known_hosts, and nowhere else.
            let knownHosts = try String(
                contentsOfFile: configuration.dataDirectory + "/ssh/known_hosts",
                encoding: .utf8
            )
            #expect(knownHosts.contains(try server.hostKey(directory: directory)), "\(knownHosts)")

            let workspace = (configuration.dataDirectory as NSString).appendingPathComponent("workspaces/sshgood")
            #expect(FileManager.default.fileExists(atPath: workspace + "/README.md"))
            #expect(!FileManager.default.fileExists(atPath: configuration.dataDirectory + "/workspaces/sshbad"))
            let gitConfig = try String(contentsOfFile: workspace + "/.git/config", encoding: .utf8)
            #expect(gitConfig.contains(server.url))
            let knownHostsAttributes = try FileManager.default.attributesOfItem(
                atPath: configuration.dataDirectory + "/ssh/known_hosts"
            )
            #expect(
                (knownHostsAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o600,
                "known_hosts is not private"
            )
            #expect(!gitConfig.contains("PRIVATE KEY"))
            #expect(!gitConfig.contains("sshCommand"))

            for marker in markers + strangerMarkers {
                #expect(!gitConfig.contains(marker))
                #expect(!reason.contains(marker))
                for response in responses {
                    #expect(!response.contains(marker), "an API response contains the private key: \(response)")
                }
            }
            // The scan itself works: it finds the key where it does belong.
            let keyFiles = Self.files(under: [directory]).filter {
                FileManager.default.contents(atPath: $0)?.range(of: Data(markers[0].utf8)) != nil
            }
            let keyName = (server.keyPath as NSString).lastPathComponent
            #expect(keyFiles.map { ($0 as NSString).lastPathComponent } == [keyName], "\(keyFiles)")
            let folders = [configuration.dataDirectory, configuration.server.logDirectory]
            for path in Self.files(under: folders) {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                for marker in markers + strangerMarkers {
                    #expect(data.range(of: Data(marker.utf8)) == nil, "\(path) contains the private key")
                }
            }
            // The key's 0600 copy lives in a scratch folder that must be gone once the clones finished.
            let temporary = FileManager.default.temporaryDirectory.path
            let scratch = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []  // nil: none
            let leftovers = scratch.filter { $0.hasPrefix("cm-git-") }.map { temporary + "/" + $0 }
            for path in Self.files(under: leftovers) {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                #expect(data.range(of: Data(markers[0].utf8)) == nil, "\(path) still holds the private key")
            }
        }
    }

    /// The base64 body lines of `key` that `other` does not have, long enough not to match by chance.
    static func distinctiveLines(of key: String, notIn other: String) -> [String] {
        let otherLines = Set(other.split(whereSeparator: \.isNewline).map(String.init))
        return key.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.hasPrefix("-----") && $0.count >= 16 && !otherLines.contains($0) }
    }

    /// Every regular file below `folders`.
    static func files(under folders: [String]) -> [String] {
        var paths: [String] = []
        for folder in folders {
            let enumerator = FileManager.default.enumerator(atPath: folder)
            while let relative = enumerator?.nextObject() as? String {
                paths.append((folder as NSString).appendingPathComponent(relative))
            }
        }
        return paths
    }
}
