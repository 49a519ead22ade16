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

    /// A new empty folder under the system temporary directory.
    static func makeTemporaryDirectory(_ prefix: String = "cm-test") throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8).lowercased())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
