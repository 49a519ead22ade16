import Foundation
import Logging

/// A swift-log handler writing one JSON object per line: time, level, label, message, metadata and source.
///
/// Keys are sorted, so lines are stable to read and diff. The line is written by hand rather than through
/// `JSONEncoder`: every API request logs one, and the encoder was the largest single cost of a request.
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
        for (key, value) in metadata { entry[key] = "\(value)" }
        for (key, value) in event.metadata ?? [:] { entry[key] = "\(value)" }
        entry["time"] = UTCTimestamp.now()
        entry["level"] = event.level.rawValue
        entry["label"] = label
        entry["message"] = "\(event.message)"
        entry["source"] = event.source
        files.write(Self.line(entry), isError: event.level >= .error)
    }

    /// `entry` as one JSON object with sorted keys, ending in a newline.
    static func line(_ entry: [String: String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        bytes.append(UInt8(ascii: "{"))
        for (index, key) in entry.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONString.append(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONString.append(entry[key] ?? "", to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0x0A)
        return bytes
    }
}

/// JSON string literals, escaped as `JSONEncoder` escapes them with `.withoutEscapingSlashes`.
enum JSONString {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func append(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// RFC 3339 UTC timestamps with milliseconds (`2026-11-27T20:38:09.123Z`), without a formatter object.
enum UTCTimestamp {
    static func now() -> String {
        let milliseconds = Int((Date().timeIntervalSince1970 * 1000).rounded(.down))
        return format(seconds: milliseconds / 1000, milliseconds: milliseconds % 1000)
    }

    static func format(seconds: Int, milliseconds: Int) -> String {
        var time = seconds
        var parts = tm()
        gmtime_r(&time, &parts)
        func digits(_ value: Int32, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        return digits(parts.tm_year + 1900, 4) + "-" + digits(parts.tm_mon + 1, 2) + "-" + digits(parts.tm_mday, 2)
            + "T" + digits(parts.tm_hour, 2) + ":" + digits(parts.tm_min, 2) + ":" + digits(parts.tm_sec, 2) + "."
            + digits(Int32(milliseconds), 3) + "Z"
    }
}
