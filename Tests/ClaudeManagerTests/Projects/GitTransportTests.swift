import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ClaudeManager

/// git may follow only the transport of the project's address, redirects and submodules included.
@Suite("Git transports")
struct GitTransportTests {
    @Test func gitRunsWithOnlyTheAddressTransportAllowed() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-transport")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "allowed")
        // A git first on the manager's PATH that records what it was allowed, then runs the real one.
        let bin = (scratch as NSString).appendingPathComponent("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let record = (scratch as NSString).appendingPathComponent("allowed.log")
        let realGit = try #require(
            ExecutableLocator.locate("git", path: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        )
        let wrapper = (bin as NSString).appendingPathComponent("git")
        try "#!/bin/sh\nprintf '%s\\n' \"${GIT_ALLOW_PROTOCOL-unset}\" >> '\(record)'\nexec '\(realGit)' \"$@\"\n"
            .write(toFile: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper)
        let configure: (inout AppConfiguration) -> Void = {
            $0.processEnvironment["PATH"] = bin + ":" + ($0.processEnvironment["PATH"] ?? "/usr/bin:/bin")
        }
        try await TestApp.run(configure: configure) { client, _, _ in
            let admin = try await client.login()
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Allowed", "gitRepository": repository, "start": false]
            )
            let id = try #require(created.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "stopped")
            let allowed = try String(contentsOfFile: record, encoding: .utf8)
            #expect(allowed == "file\n")
        }
    }
}
