import Foundation
import Logging

/// A swift-log handler writing one JSON object per line: time, level, label, message, metadata and source.
package struct JSONLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level
    private let label: String
    private let files: JSONLogFiles

    package init(label: String, files: JSONLogFiles, level: Logger.Level) {
        self.label = label
        self.files = files
        self.logLevel = level
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var entry: [String: String] = [:]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged { entry[key] = "\(value)" }
        entry["time"] = Self.timestamp()
        entry["level"] = event.level.rawValue
        entry["label"] = label
        entry["message"] = "\(event.message)"
        entry["source"] = event.source
        guard var encoded = try? Self.encoder.encode(entry) else { return }  // nil: string maps always encode
        encoded.append(0x0A)
        files.write(encoded, isError: event.level >= .error)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func timestamp() -> String {
        timestampStyle.format(Date())
    }
}
