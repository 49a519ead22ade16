import Foundation

/// Paths and services the tests need, from the environment `scripts/test` sets or from the package layout.
enum TestEnvironment {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built products folder (`.build/debug` unless `AGENT_SIMULATOR_PATH` points elsewhere).
    static var productsDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["AGENT_SIMULATOR_PATH"] {
            return URL(fileURLWithPath: path).deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }

    static var simulatorPath: String { productsDirectory.appendingPathComponent("agent-simulator").path }
    static var managerPath: String { productsDirectory.appendingPathComponent("claude-manager").path }
    static var publicDirectory: String { packageRoot.appendingPathComponent("Public").path }
    static var specPath: String { packageRoot.appendingPathComponent("openapi.yaml").path }

    /// `postgres://…` for the PostgreSQL runs, when `scripts/test` started a server.
    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// `scripts/test` sets this to `1`: the PostgreSQL runs are required there.
    static let requirePostgresFlag = "CM_REQUIRE_POSTGRES"
    /// `scripts/test` sets this to `1`: the tests needing `sshd` or `ssh-keygen` are required there.
    static let requireSSHFlag = "CM_REQUIRE_SSHD"
    static let sshdPath = "/usr/sbin/sshd"
    static let sshKeygenPath = "/usr/bin/ssh-keygen"

    /// Whether the tests needing something run: when it is here, or when `flag` is `1`, which makes its absence a
    /// failure. Use it in `.enabled(if:)`, so that elsewhere a missing precondition shows as a skip, never a pass.
    static func runs(needing isAvailable: Bool, requiredBy flag: String) -> Bool {
        isAvailable || ProcessInfo.processInfo.environment[flag] == "1"
    }

    static var runsPostgresTests: Bool { runs(needing: postgresURL != nil, requiredBy: requirePostgresFlag) }
    static var runsSSHDTests: Bool {
        let isInstalled = [sshdPath, sshKeygenPath].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
        return runs(needing: isInstalled, requiredBy: requireSSHFlag)
    }
    static var runsSSHKeygenTests: Bool {
        runs(needing: FileManager.default.isExecutableFile(atPath: sshKeygenPath), requiredBy: requireSSHFlag)
    }

    /// The PostgreSQL URL; throws (failing the test) when it is missing, which only a run required by
    /// `CM_REQUIRE_POSTGRES=1` gets to (see ``runsPostgresTests``).
    static func requirePostgresURL() throws -> String {
        guard let postgresURL else {
            throw PreconditionMissing(description: "\(requirePostgresFlag)=1 but TEST_DATABASE_URL is not set")
        }
        return postgresURL
    }

    /// Throws (failing the test) when the program at `path` is not installed.
    static func requireExecutable(_ path: String) throws {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw PreconditionMissing(description: "\(path) is not installed")
        }
    }

    /// A precondition of a test that had to run is missing.
    struct PreconditionMissing: Error, CustomStringConvertible {
        let description: String
    }

    /// A new empty folder under the system temporary directory.
    static func makeTemporaryDirectory(_ prefix: String = "cm-test") throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8).lowercased())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
