import ClaudeManager
import Foundation
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Log entries kept in memory for assertions.
final class CollectedLogs: Sendable {
    struct Entry: Sendable {
        var message: String
        var metadata: [String: String]
    }

    let entries = Mutex<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    func logger() -> Logger {
        Logger(label: "claude-manager") { _ in CollectingLogHandler(logs: self) }
    }
}

/// A log handler that appends every entry to ``CollectedLogs``.
struct CollectingLogHandler: LogHandler {
    let logs: CollectedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let entry = CollectedLogs.Entry(
            message: "\(event.message)",
            metadata: merged.mapValues { "\($0)" }
        )
        logs.entries.withLock { $0.append(entry) }
    }
}

@Suite("Private files in DATA_DIR")
struct PrivateFilesTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require((attributes[.posixPermissions] as? NSNumber)?.intValue) & 0o7777
    }

    /// Builds and runs the manager on `configuration` for the duration of `body`.
    static func run(
        _ configuration: AppConfiguration,
        logger: Logger,
        _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        let (application, _) = try await buildApplication(configuration: configuration, logger: logger)
        try await application.test(.live) { _ in try await body() }
    }

    static func configuration(in directory: String) -> AppConfiguration {
        var configuration = AppConfiguration.testing(
            dataDirectory: (directory as NSString).appendingPathComponent("data"),
            simulatorPath: TestEnvironment.simulatorPath
        )
        configuration.server.publicDirectory = TestEnvironment.publicDirectory
        configuration.server.logDirectory = (directory as NSString).appendingPathComponent("logs")
        configuration.auth.jwtSecret = nil  // generated into DATA_DIR/jwt.secret
        configuration.auth.masterKey = nil  // generated into DATA_DIR/master.key
        return configuration
    }

    @Test func dataDirectoryKeysAndDatabaseAreCreatedPrivate() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-modes")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let configuration = Self.configuration(in: scratch)
        let data = configuration.dataDirectory
        try await Self.run(configuration, logger: CollectedLogs().logger()) {
            let folderMode = try Self.mode(data)
            #expect(folderMode == 0o700)
            for name in ["jwt.secret", "master.key", "claude-manager.sqlite", "claude-manager.sqlite-wal"] {
                let mode = try Self.mode((data as NSString).appendingPathComponent(name))
                #expect(mode == 0o600, "\(name)")
            }
        }
    }

    @Test func looserModesAreCorrectedAtStartOneLogLinePerPath() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-modes")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let configuration = Self.configuration(in: scratch)
        let data = configuration.dataDirectory as NSString
        try await Self.run(configuration, logger: CollectedLogs().logger()) {}

        let manager = FileManager.default
        try manager.createDirectory(atPath: data.appendingPathComponent("ssh"), withIntermediateDirectories: true)
        _ = manager.createFile(atPath: data.appendingPathComponent("ssh/known_hosts"), contents: Data())
        for name in ["claude-manager.sqlite-wal", "claude-manager.sqlite-shm"]
        where !manager.fileExists(atPath: data.appendingPathComponent(name)) {
            _ = manager.createFile(atPath: data.appendingPathComponent(name), contents: Data())
        }
        let loosened: [(name: String, mode: Int, expected: Int)] = [
            ("", 0o755, 0o700), ("jwt.secret", 0o644, 0o600), ("master.key", 0o666, 0o600),
            ("claude-manager.sqlite", 0o644, 0o600), ("claude-manager.sqlite-wal", 0o640, 0o600),
            ("claude-manager.sqlite-shm", 0o604, 0o600), ("ssh", 0o755, 0o700), ("ssh/known_hosts", 0o644, 0o600),
        ]
        for entry in loosened {
            try manager.setAttributes(
                [.posixPermissions: entry.mode],
                ofItemAtPath: data.appendingPathComponent(entry.name)
            )
        }
        let secrets = try ["jwt.secret", "master.key"].map {
            try String(contentsOfFile: data.appendingPathComponent($0), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        let logs = CollectedLogs()
        let dataPath = configuration.dataDirectory
        let expectations = loosened.map { ($0.name, $0.expected) }
        try await Self.run(configuration, logger: logs.logger()) {
            for (name, expected) in expectations {
                let mode = try Self.mode((dataPath as NSString).appendingPathComponent(name))
                #expect(mode == expected, "\(name)")
            }
        }
        let corrections = logs.all.filter { $0.message == "file permissions corrected" }
        let paths = corrections.compactMap { $0.metadata["file.path"] }.map {
            URL(fileURLWithPath: $0).standardizedFileURL.path
        }
        let expected = loosened.map {
            URL(fileURLWithPath: data.appendingPathComponent($0.name)).standardizedFileURL.path
        }
        #expect(paths.sorted() == expected.sorted())
        let jwtCorrection = corrections.first { $0.metadata["file.path"]?.hasSuffix("jwt.secret") == true }
        #expect(jwtCorrection?.metadata["file.mode.before"] == "644")
        #expect(jwtCorrection?.metadata["file.mode.after"] == "600")
        for entry in logs.all {
            let text = entry.message + entry.metadata.values.joined()
            #expect(!secrets.contains { text.contains($0) }, "a secret value was logged")
        }
    }
}
