import Foundation
import OpenAPIRuntime

/// RFC 3339 dates (`2026-11-27T18:40:02Z`) through Foundation's native format style, which is much cheaper
/// than the ICU-backed `ISO8601DateFormatter` the OpenAPI runtime uses by default.
struct ISO8601Transcoder: DateTranscoder {
    private static let plain = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    func encode(_ date: Date) throws -> String {
        Self.plain.format(date)
    }

    func decode(_ text: String) throws -> Date {
        if let date = try? Self.plain.parse(text) { return date }  // nil: try the fractional form next
        return try Self.fractional.parse(text)
    }
}
