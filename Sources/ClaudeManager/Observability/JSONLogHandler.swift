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
        var fields: [(key: String, value: String)] = [
            ("time", UTCTimestamp.now()), ("level", event.level.rawValue), ("label", label),
            ("message", "\(event.message)"), ("source", event.source),
        ]
        // Event metadata wins over the handler's; neither replaces the five fields above.
        let merged = metadata.isEmpty ? event.metadata ?? [:] : metadata.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged where !Self.isReserved(key) {
            fields.append((key, Self.text(value)))
        }
        files.write(Self.line(fields), isError: event.level >= .error)
    }

    private static func isReserved(_ key: String) -> Bool {
        switch key {
        case "time", "level", "label", "message", "source": true
        default: false
        }
    }

    private static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        default: "\(value)"
        }
    }

    /// `entry` as one JSON object with sorted keys, ending in a newline.
    static func line(_ entry: [String: String]) -> [UInt8] {
        line(entry.map { ($0.key, $0.value) })
    }

    /// `fields` (unique keys) as one JSON object with sorted keys, ending in a newline.
    static func line(_ fields: [(key: String, value: String)]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(320)
        bytes.append(UInt8(ascii: "{"))
        for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONString.append(field.key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONString.append(field.value, to: &bytes)
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
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)  // the common case: nothing to escape
            bytes.append(UInt8(ascii: "\""))
            return
        }
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
        var bytes = [UInt8](repeating: 0, count: 24)  // yyyy-MM-ddTHH:mm:ss.SSSZ
        func put(_ value: Int, width: Int, at offset: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(Int(parts.tm_year) + 1900, width: 4, at: 0)
        put(Int(parts.tm_mon) + 1, width: 2, at: 5)
        put(Int(parts.tm_mday), width: 2, at: 8)
        put(Int(parts.tm_hour), width: 2, at: 11)
        put(Int(parts.tm_min), width: 2, at: 14)
        put(Int(parts.tm_sec), width: 2, at: 17)
        put(milliseconds, width: 3, at: 20)
        for (offset, separator) in zip([4, 7, 10, 13, 16, 19, 23], "--T::.Z".utf8) { bytes[offset] = separator }
        return String(decoding: bytes, as: UTF8.self)
    }
}
